import type { AppConfig } from '@itsm/config';
import { EsdbEventStore, SqliteEventStore, type EventStore } from '@itsm/event-store';
import { MongoReadStore, SqliteReadStore, type ReadStore } from '@itsm/read-store';

export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_STORE = Symbol('READ_STORE');

/** The one place where configuration picks adapters; apps and projections only see the ports. */
export async function openEventStore(config: AppConfig): Promise<EventStore> {
  const settings = config.eventStore;
  switch (settings.kind) {
    case 'sqlite':
      return SqliteEventStore.open({ filename: settings.filename, pollIntervalMs: settings.pollIntervalMs });
    case 'esdb':
      return EsdbEventStore.connect({ connectionString: settings.connectionString });
  }
}

export async function openReadStore(config: AppConfig, access: 'read-write' | 'read-only'): Promise<ReadStore> {
  const settings = config.readStore;
  switch (settings.kind) {
    case 'sqlite':
      return SqliteReadStore.open({ filename: settings.filename, readonly: access === 'read-only' });
    case 'mongodb':
      // Access is not enforced here: the server's user roles are where a read-only app is made so.
      return MongoReadStore.connect({ url: settings.url, database: settings.database, writeConcern: settings.writeConcern });
  }
}
