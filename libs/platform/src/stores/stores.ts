import type { AppConfig } from '@itsm/config';
import { SqliteEventStore, type EventStore } from '@itsm/event-store';
import { SqliteReadStore, type ReadStore } from '@itsm/read-store';

export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_STORE = Symbol('READ_STORE');

/** The one place where configuration picks adapters; apps and projections only see the ports. */
export function openEventStore(config: AppConfig): EventStore {
  switch (config.eventStore.kind) {
    case 'sqlite':
      return SqliteEventStore.open({ filename: config.eventStore.filename, pollIntervalMs: config.eventStore.pollIntervalMs });
  }
}

export function openReadStore(config: AppConfig, access: 'read-write' | 'read-only'): ReadStore {
  switch (config.readStore.kind) {
    case 'sqlite':
      return SqliteReadStore.open({ filename: config.readStore.filename, readonly: access === 'read-only' });
  }
}
