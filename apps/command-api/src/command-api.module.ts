import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from '@itsm/config';
import type { EventStore } from '@itsm/event-store';
import { EVENT_STORE, eventStoreCheck, HEALTH_CHECKS, HealthController, PlatformModule, type Clock } from '@itsm/platform';
import { IncidentCommandHandler } from './incidents/incident-command.handler';
import { IncidentsController } from './incidents/incidents.controller';

@Module({})
export class CommandApiModule {
  static register(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: CommandApiModule,
      imports: [PlatformModule.forApp({ config, ...(clock ? { clock } : {}) }), CqrsModule.forRoot()],
      controllers: [IncidentsController, HealthController],
      providers: [
        IncidentCommandHandler,
        { provide: HEALTH_CHECKS, inject: [EVENT_STORE], useFactory: (store: EventStore) => [eventStoreCheck(store)] },
      ],
    };
  }
}
