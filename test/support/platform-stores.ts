import { startEsdbDouble } from './esdb-double';
import { startMongoDouble } from './mongodb-double';

/** What the three apps store their log and read models in, for one end-to-end run. */
export interface PlatformStores {
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** The embedded default: SQLite files in the platform's data directory. */
export const embeddedStores = async (): Promise<PlatformStores> => ({ env: {}, stop: async () => undefined });

/**
 * EventStoreDB + MongoDB: the wire-level doubles in this process, or real servers when EVENTSTORE_URL
 * and MONGO_URL are set. `database` keeps each spec's read models apart on a shared server.
 */
export async function productionStores(database: string): Promise<PlatformStores> {
  const esdb = process.env.EVENTSTORE_URL ? null : await startEsdbDouble();
  const mongo = process.env.MONGO_URL ? null : await startMongoDouble();
  return {
    env: {
      EVENT_STORE: 'esdb',
      EVENTSTORE_URL: process.env.EVENTSTORE_URL ?? (esdb?.connectionString as string),
      READ_STORE: 'mongodb',
      MONGO_URL: process.env.MONGO_URL ?? (mongo?.url as string),
      MONGO_DATABASE: `${database}_${process.pid}`,
    },
    stop: async () => {
      await esdb?.stop();
      await mongo?.stop();
    },
  };
}

/** Both, for `describe.each`: each end-to-end spec runs once on the embedded default and once on the servers. */
export const BOTH_STORES = (database: string) =>
  [
    ['embedded SQLite', embeddedStores],
    ['EventStoreDB + MongoDB', () => productionStores(database)],
  ] as const;

/** Polls `probe` until it answers something, as a process working in the background is awaited. */
export async function until<T>(probe: () => Promise<T | null | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
