import { Module } from '@nestjs/common';
import type { AppConfig } from '@itsm/config';
import type { EventStore } from '@itsm/event-store';
import { APP_CONFIG, AUDIT_KEYS, CLOCK, STORED_EVENT_STORE, type AuditKeysProvider, type Clock } from '@itsm/platform';
import { EvidencePackJobs } from './evidence-pack-jobs';
import { EvidencePacksController } from './evidence-packs.controller';

const A_MADE_PACK_IS_KEPT_MS = 3_600_000;

/** Evidence packs over HTTP (auditors and admins, by the permission table). */
@Module({
  controllers: [EvidencePacksController],
  providers: [
    {
      provide: EvidencePackJobs,
      // Packs name no person: the log as stored serves, without the vault, and the same before and after an erasure.
      inject: [STORED_EVENT_STORE, AUDIT_KEYS, APP_CONFIG, CLOCK],
      useFactory: (events: EventStore, keys: AuditKeysProvider, config: AppConfig, clock: Clock) =>
        new EvidencePackJobs(events, keys, { maxRunning: config.evidencePacks.atOnce, keepMs: A_MADE_PACK_IS_KEPT_MS, clock }),
    },
  ],
})
export class EvidencePacksModule {}
