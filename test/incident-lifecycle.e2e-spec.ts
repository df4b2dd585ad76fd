import { runIncidentLifecycle, runProjectorRestart } from './support/incident-lifecycle-scenario';
import { http, Platform } from './support/platform-processes';
import { BOTH_STORES, type PlatformStores } from './support/platform-stores';

/**
 * The walking skeleton end to end: the three apps as real processes, driven over HTTP, once on the
 * embedded default and once on EventStoreDB + MongoDB (the wire-level doubles in this process, or
 * real servers when EVENTSTORE_URL and MONGO_URL are set). Both must end with the same read models.
 */
jest.setTimeout(90_000);

const readModels = new Map<string, unknown>();

describe.each(BOTH_STORES('itsm_e2e'))('an incident from open to close, across the three apps (%s)', (name, storesFor) => {
  let stores: PlatformStores;
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
