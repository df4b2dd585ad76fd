import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@itsm/config';
import type { EventStore } from '@itsm/event-store';
import { ALL_PROJECTIONS, ProjectionRunner } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { APP_CONFIG, EVENT_STORE, READ_STORE } from '@itsm/platform';

/** Runs every projection from its checkpoint for as long as the process lives. */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projector');
  readonly runners: ProjectionRunner[];

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(READ_STORE) reads: ReadStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.runners = ALL_PROJECTIONS.map(
      (projection) => new ProjectionRunner(events, reads, projection, { maxBatchSize: config.projectorBatchSize, logger: this.logger }),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.start()));
    this.logger.log(`Running ${this.runners.map((runner) => runner.key).join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }
}
