import { startEsdbDouble } from './support/esdb-double';
import { runIncidentLifecycle, runProjectorRestart } from './support/incident-lifecycle-scenario';
import { startMongoDouble } from './support/mongodb-double';
import { http, Platform } from './support/platform-processes';

/**
 * The walking skeleton end to end: the three apps as real processes, driven over HTTP, once on the
 * embedded default and once on EventStoreDB + MongoDB (the wire-level doubles in this process, or
 * real servers when EVENTSTORE_URL and MONGO_URL are set). Both must end with the same read models.
 */
jest.setTimeout(90_000);

interface Stores {
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

const embedded = async (): Promise<Stores> => ({ env: {}, stop: async () => undefined });

const production = async (): Promise<Stores> => {
  const esdb = process.env.EVENTSTORE_URL ? null : await startEsdbDouble();
  const mongo = process.env.MONGO_URL ? null : await startMongoDouble();
  return {
    env: {
      EVENT_STORE: 'esdb',
      EVENTSTORE_URL: process.env.EVENTSTORE_URL ?? (esdb?.connectionString as string),
      READ_STORE: 'mongodb',
      MONGO_URL: process.env.MONGO_URL ?? (mongo?.url as string),
      MONGO_DATABASE: `itsm_e2e_${process.pid}`,
    },
    stop: async () => {
      await esdb?.stop();
      await mongo?.stop();
    },
  };
};

const readModels = new Map<string, unknown>();

describe.each([
  ['embedded SQLite', embedded],
  ['EventStoreDB + MongoDB', production],
])('an incident from open to close, across the three apps (%s)', (name, storesFor) => {
  let stores: Stores;
  let platform: Platform;
  beforeAll(async () => {
    stores = await storesFor();
    platform = await Platform.start(stores.env);
  });
  afterAll(async () => {
    await platform?.stop();
    await stores?.stop();
  });

  it('shows every step in the incident detail and the work queues', async () => {
    readModels.set(name, await runIncidentLifecycle(platform));
  });

  it('loses and duplicates nothing when the projector is killed and restarted', async () => {
    await runProjectorRestart(platform);
  });

  it('every app answers /health without a token', async () => {
    for (const app of ['command-api', 'query-api', 'projector'] as const) {
      const answer = await http<{ status: string }>('GET', `${platform.url(app)}/health`);
      expect({ app, status: answer.status, body: answer.body.status }).toEqual({ app, status: 200, body: 'up' });
    }
  });
});

it('ends with the same read models on both pairs of stores', () => {
  expect(readModels.size).toBe(2);
  const [sqlite, servers] = [...readModels.values()];
  expect(servers).toEqual(sqlite);
});
