import type { AppConfig } from '@itsm/config';
import { DOMAIN_EVENT_SCHEMAS } from '@itsm/domain';
import { EsdbEventStore, SqliteEventStore, type EventStore } from '@itsm/event-store';
import { MongoReadStore, SqliteReadStore, type ReadStore } from '@itsm/read-store';
import { openPersonalDataVault, RevealingEventStore, type PersonalDataVault } from '@itsm/personal-data';

export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_STORE = Symbol('READ_STORE');
export const PERSONAL_DATA_VAULT = Symbol('PERSONAL_DATA_VAULT');
/**
 * The log as stored, personal fields sealed: for what reads no personal data (verification, the
 * checkpoint signer, evidence packs), so that it works without the vault and answers the same
 * before and after an erasure.
 */
export const STORED_EVENT_STORE = Symbol('STORED_EVENT_STORE');

/**
 * The log as the apps and tools read it: personal fields revealed through the vault (ADR 20). Its
 * `inner` store is the log as stored; `close` closes the vault too, unless it was given.
 */
export async function openEventStore(config: AppConfig, vault?: PersonalDataVault): Promise<RevealingEventStore> {
  const stored = await openStoredEventStore(config);
  const opened = vault ?? (await openPersonalDataVault(config.personalData).catch(async (error: unknown) => { await stored.close(); throw error; }));
  const store = new RevealingEventStore(stored, opened, { keyCacheMs: config.personalData.keyCacheMs });
  if (vault !== undefined) return store;
  const close = store.close.bind(store);
  store.close = async () => { await close(); await opened.close(); };
  return store;
}

/**
 * The one place where configuration picks adapters; apps and projections only see the ports.
 * Opened alone, it is the log as stored, personal fields sealed: what verification needs, with no vault.
 */
export async function openStoredEventStore(config: AppConfig): Promise<EventStore> {
  const settings = config.eventStore;
  switch (settings.kind) {
    case 'sqlite':
      return SqliteEventStore.open({ filename: settings.filename, pollIntervalMs: settings.pollIntervalMs, schemas: DOMAIN_EVENT_SCHEMAS });
    case 'esdb':
      return EsdbEventStore.connect({ connectionString: settings.connectionString, schemas: DOMAIN_EVENT_SCHEMAS });
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
