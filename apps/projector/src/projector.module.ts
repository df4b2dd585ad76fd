import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@itsm/config';
import type { EventStore } from '@itsm/event-store';
import { PROJECTION_KEYS } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { CLOCK, EVENT_STORE, HEALTH_CHECKS, HealthController, MetricsController, PlatformModule, READ_STORE, readSideChecks, type Clock, type HealthCheck } from '@itsm/platform';
import { ProjectorService } from './projector.service';

const runnersCheck = (projector: ProjectorService): HealthCheck => ({
  name: 'runners',
  run: async () => {
    const runners = projector.status();
    const reactions = projector.reactions();
    const up = [...runners, ...reactions].every((status) => status.lastError === null);
    // A projection paused at an event it cannot apply serves what came before: degraded, not down, until an admin orders it on.
    const paused = runners.filter((runner) => runner.paused !== null).map((runner) => runner.name);
    return { up, ...(paused.length > 0 && { degraded: true, paused }), owner: projector.owner, runners, reactions };
  },
});

@Module({})
export class ProjectorModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [PlatformModule.forApp({ config, readStore: 'read-write' })],
      controllers: [HealthController, MetricsController],
      providers: [
        ProjectorService,
        {
          provide: HEALTH_CHECKS,
          inject: [EVENT_STORE, READ_STORE, CLOCK, ProjectorService],
          useFactory: (events: EventStore, reads: ReadStore, clock: Clock, projector: ProjectorService) => [
            ...readSideChecks(events, reads, PROJECTION_KEYS, clock),
            runnersCheck(projector),
          ],
        },
      ],
    };
  }
}
