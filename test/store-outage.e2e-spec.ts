import { startEsdbDouble, type EsdbDouble } from './support/esdb-double';
import { answered, refused } from './support/api-client';
import { LifecycleClient, on } from './support/incident-lifecycle-scenario';
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
  const incident = { title: 'VPN drops', description: 'Every hour', caller: 'gus', category: 'network', impact: 2, urgency: 2, assignmentGroup: 'network' } as const;
  const workNote = (id: string, text: string) => client.commands.POST('/incidents/{id}/work-notes', { ...on(id), body: { text } });

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
    expect(await refused(client.queries.GET('/incidents/{id}', on(opened.id)), 503)).toMatchObject({ code: 'read_store.unavailable' });
    expect((await health('command-api')).status).toBe(200);
    const noted = await answered(workNote(opened.id, 'Written while the read store was down'), 200);

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
    const { error, response } = await workNote(opened.id, 'lost?');
    expect(response.status).toBe(503);
    expect(error).toMatchObject({ code: 'event_store.unavailable' });
    expect(response.headers.get('retry-after')).toBe('1');
    expect((await health('command-api')).status).toBe(503);

    await esdb.start();
    const noted = await answered(workNote(opened.id, 'after the outage'), 200);
    const notes = await answered(client.queries.GET('/incidents/{id}/work-notes', { params: { path: { id: opened.id }, query: { consistentWith: noted.position } } }), 200);
    expect(notes.items).toEqual([expect.objectContaining({ text: 'after the outage' })]);
    expect(platform.allRunning()).toBe(true);
  });
});
