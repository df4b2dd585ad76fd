import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from '@itsm/config';
import type { EventStore } from '@itsm/event-store';
import { PROJECTION_KEYS } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { CLOCK, EVENT_STORE, eventStoreCheck, HEALTH_CHECKS, HealthController, integrityCheck, MetricsController, PlatformModule, projectionLagCheck, READ_STORE, type Clock } from '@itsm/platform';
import { ChangeCommandsModule } from './changes/change-commands.module';
import { WritePathModule } from './commands/write-path.module';
import { CmdbCommandsModule } from './cmdb/cmdb-commands.module';
import { IncidentCommandHandler } from './incidents/incident-command.handler';
import { IncidentsController } from './incidents/incidents.controller';
import { PriorityMatricesController, PriorityMatrixCommandHandler } from './incidents/priority-matrices.controller';
import { ErasePersonalDataHandler, PersonalDataController } from './privacy/personal-data.controller';
import { ProblemCommandHandler } from './problems/problem-command.handler';
import { ProblemsController } from './problems/problems.controller';
import { SlaConfigurationCommandHandler, SlaConfigurationController } from './sla/sla-configuration.controller';
import { ProjectionControlHandler, ProjectionsController } from './operations/projections.controller';

@Module({})
export class CommandApiModule {
  static register(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: CommandApiModule,
      // The read store is opened read-only: commands consult read models for what a decider cannot see
      // (a relationship target's status, risk inputs, conflicts), and /health reports projection lag.
      imports: [PlatformModule.forApp({ config, readStore: 'read-only', ...(clock ? { clock } : {}) }), CqrsModule.forRoot(), WritePathModule, CmdbCommandsModule, ChangeCommandsModule],
      controllers: [IncidentsController, ProblemsController, PriorityMatricesController, SlaConfigurationController, PersonalDataController, ProjectionsController, HealthController, MetricsController],
      providers: [
        IncidentCommandHandler,
        PriorityMatrixCommandHandler,
        ProjectionControlHandler,
        SlaConfigurationCommandHandler,
        ErasePersonalDataHandler,
        ProblemCommandHandler,
        {
          provide: HEALTH_CHECKS,
          inject: [EVENT_STORE, READ_STORE, CLOCK],
          useFactory: (events: EventStore, reads: ReadStore, clock: Clock) => [
            eventStoreCheck(events),
            integrityCheck(events),
            projectionLagCheck(events, reads, PROJECTION_KEYS, clock, false),
          ],
        },
      ],
    };
  }
}
