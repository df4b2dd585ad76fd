import { startEsdbDouble, type EsdbDouble } from './support/esdb-double';
import { LifecycleClient } from './support/incident-lifecycle-scenario';
import { startMongoDouble, type MongoDouble } from './support/mongodb-double';
import { http, Platform } from './support/platform-processes';

/**
 * A store that goes away is a health failure, not a crash: the apps stay up, say what is down, and
 * carry on from where they were when it comes back. Runs on the wire-level doubles, which can be
 * stopped and restarted on the same port.
 */
jest.setTimeout(90_000);

type Health = { status: string; checks: Record<string, { up: boolean }> };

describe('EventStoreDB and MongoDB going away and coming back', () => {
  let esdb: EsdbDouble;
  let mongo: MongoDouble;
  let platform: Platform;
  let client: LifecycleClient;

  beforeAll(async () => {
    esdb = await startEsdbDouble();
    mongo = await startMongoDouble();
    platform = await Platform.start({ EVENT_STORE: 'esdb', EVENTSTORE_URL: esdb.connectionString, READ_STORE: 'mongodb', MONGO_URL: mongo.url });
    client = new LifecycleClient(platform);
  });
  afterAll(async () => {
    await platform?.stop();
    await esdb?.stop();
    await mongo?.stop();
  });

  const health = (app: 'command-api' | 'query-api' | 'projector') => http<Health>('GET', `${platform.url(app)}/health`);
  const eventuallyHealthy = async (app: 'projector' | 'query-api', timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while ((await health(app)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`${app} did not report healthy within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const incident = { title: 'VPN drops', description: 'Every hour', caller: 'gus', category: 'network', impact: 2, urgency: 2, assignmentGroup: 'network' };

  it('keeps taking commands while MongoDB is down, and projects them once it is back', async () => {
    const opened = await client.open('vpn-drops', incident);
    await client.detail(opened.id, opened.position);

    await mongo.stop();
    const queryHealth = await health('query-api');
    expect(queryHealth.status).toBe(503);
    expect(queryHealth.body.checks['readStore']?.up).toBe(false);
    // The probes: alive all along, not ready while its store is down; the command API stays ready.
    expect((await http('GET', `${platform.url('query-api')}/health/live`)).status).toBe(200);
    expect(await http('GET', `${platform.url('query-api')}/health/ready`)).toMatchObject({ status: 503, body: { status: 'down', reason: expect.stringContaining('readStore') } });
    expect((await http('GET', `${platform.url('command-api')}/health/ready`)).status).toBe(200);
    const read = await http('GET', `${platform.url('query-api')}/incidents/${opened.id}`, { token: client.alice });
    expect({ status: read.status, code: read.body['code'] }).toEqual({ status: 503, code: 'read_store.unavailable' });
    expect((await health('command-api')).status).toBe(200);
    const noted = await client.command(`/incidents/${opened.id}/work-notes`, { text: 'Written while the read store was down' });

    await mongo.restart();
    const detail = await client.detail(opened.id, noted.position);
    expect((await http('GET', `${platform.url('query-api')}/health/ready`)).status).toBe(200);
    expect(detail).toMatchObject({ workNoteCount: 1, revision: 1 });
    // Every runner retries with backoff; each clears its error on its next successful batch.
    await eventuallyHealthy('projector');
    expect(platform.allRunning()).toBe(true);
  });

  it('answers commands with a problem while EventStoreDB is down, and works again when it is back', async () => {
    const opened = await client.open('printer-offline', { ...incident, title: 'Printer offline' });
    await esdb.kill();
    const refused = await http('POST', `${platform.url('command-api')}/incidents/${opened.id}/work-notes`, { token: client.alice, body: { text: 'lost?' } });
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ code: 'event_store.unavailable' });
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await health('command-api')).status).toBe(503);

    await esdb.start();
    const noted = await client.command(`/incidents/${opened.id}/work-notes`, { text: 'after the outage' });
    const notes = await client.query<{ items: unknown[] }>(`/incidents/${opened.id}/work-notes`, noted.position);
    expect(notes.items).toEqual([expect.objectContaining({ text: 'after the outage' })]);
    expect(platform.allRunning()).toBe(true);
  });
});
