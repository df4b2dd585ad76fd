import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '@itsm/config';
import type { EventStore } from '@itsm/event-store';
import { ALL_PROJECTIONS, PROJECTION_KEYS } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { CLOCK, EVENT_STORE, HEALTH_CHECKS, HealthController, MetricsController, PlatformModule, READ_STORE, readSideChecks, type Clock } from '@itsm/platform';
import { AuditQueriesModule } from './audit/audit-queries.module';
import { EvidencePacksModule } from './evidence/evidence-packs.module';
import { ProblemQueriesModule } from './problems/problem-queries.module';
import { ChangeQueriesModule } from './changes/change-queries.module';
import { RecordHistoryModule } from './history/record-history.module';
import { CmdbQueriesModule } from './cmdb/cmdb-queries.module';
import { Consistency } from './consistency';
import { PriorityMatricesQueryController } from './incidents/priority-matrices.controller';
import { SlaConfigurationQueryController } from './sla/sla-configuration.controller';
import { IncidentSlaController } from './sla/incident-sla.controller';
import { SlaReportsController } from './sla/sla-reports.controller';
import { IncidentLifecycleController } from './incidents/incident-lifecycle.controller';
import { IncidentsController } from './incidents/incidents.controller';
import { MajorIncidentsController } from './incidents/major-incidents.controller';
import { QueuesController } from './queues/queues.controller';
import { ChangeFeedController } from './events/change-feed.controller';

@Module({})
export class QueryApiModule implements OnModuleInit {
  constructor(@Inject(READ_STORE) private readonly store: ReadStore) {}

  /** The projector may not have run yet: the collections exist (empty) so queries answer, not fail. */
  async onModuleInit(): Promise<void> {
    for (const projection of ALL_PROJECTIONS) await this.store.ensureCollection(projection.collection);
  }

  static register(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: QueryApiModule,
      imports: [PlatformModule.forApp({ config, readStore: 'read-write', ...(clock ? { clock } : {}) }), CmdbQueriesModule, ChangeQueriesModule, AuditQueriesModule, RecordHistoryModule, EvidencePacksModule, ProblemQueriesModule],
      controllers: [IncidentsController, MajorIncidentsController, IncidentLifecycleController, PriorityMatricesQueryController, SlaConfigurationQueryController, IncidentSlaController, SlaReportsController, QueuesController, ChangeFeedController, HealthController, MetricsController],
      providers: [
        Consistency,
        {
          provide: HEALTH_CHECKS,
          inject: [EVENT_STORE, READ_STORE, CLOCK],
          useFactory: (events: EventStore, reads: ReadStore, clock: Clock) => readSideChecks(events, reads, PROJECTION_KEYS, clock),
        },
      ],
    };
  }
}
