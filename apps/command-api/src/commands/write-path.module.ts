import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '@itsm/config';
import type { EventStore } from '@itsm/event-store';
import { PersonalDataSealer, type PersonalDataVault } from '@itsm/personal-data';
import { APP_CONFIG, AppMetrics, EVENT_STORE, PERSONAL_DATA_VAULT } from '@itsm/platform';
import { RecordNumberAllocator, WritePath } from '@itsm/write-path';

/**
 * One write path for every command handler of the process: one set of stream locks (commands on a
 * stream take turns whichever handler runs them), one cache of folded streams, the configured retries.
 */
@Global()
@Module({
  providers: [
    {
      provide: WritePath,
      inject: [EVENT_STORE, APP_CONFIG, PERSONAL_DATA_VAULT, AppMetrics],
      useFactory: (store: EventStore, config: AppConfig, vault: PersonalDataVault, metrics: AppMetrics) =>
        new WritePath(store, { conflictRetries: config.commandConflictRetries, personalData: new PersonalDataSealer(vault), observer: metrics.writes }),
    },
    // One per process: it holds the block of new numbers this process hands out.
    { provide: RecordNumberAllocator, inject: [EVENT_STORE], useFactory: (store: EventStore) => new RecordNumberAllocator(store) },
  ],
  exports: [WritePath, RecordNumberAllocator],
})
export class WritePathModule {}
