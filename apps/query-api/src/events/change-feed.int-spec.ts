import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { EventSource } from 'eventsource';
import { CommandAndQueryApps } from '../../../../test/support/command-and-query-apps';

const INCIDENT = { title: 'VPN drops', description: 'Every hour', caller: 'gus', category: 'network', impact: 2, urgency: 2 };
type Change = { position: string; streamType: string; id: string; revision: number; type: string };

/**
 * Issue 14: the live change feed, read by a real SSE client (the `eventsource` package, as a browser's
 * EventSource behaves: it reconnects by itself and sends Last-Event-ID).
 */
describe('The live change feed (GET /events/stream)', () => {
  let apps: CommandAndQueryApps;
  let base: string;
  const open: EventSource[] = [];
  /** The query API's open connections, to drop them as a network would. */
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    apps = await CommandAndQueryApps.start([]);
    await apps.queries.app.listen(0, '127.0.0.1');
    const server = apps.queries.app.getHttpServer() as Server;
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterEach(() => {
    for (const source of open.splice(0)) source.close();
  });
  afterAll(() => apps.stop());

  const command = (url: string, body: object) => apps.commands.request('POST', url, { token: apps.commands.token('ann', 'agent'), body });
  /** A screen following the feed: every change it is told, in order. */
  const follow = (query: string, token = apps.queries.token('val', 'agent')) => {
    const seen: Change[] = [];
    const source = new EventSource(`${base}/events/stream${query}`, { fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${token}` } }) });
    open.push(source);
    source.addEventListener('change', (event) => seen.push(JSON.parse(event.data) as Change));
    const opened = new Promise<void>((resolve) => source.addEventListener('open', () => resolve()));
    return { source, seen, opened };
  };
  const until = async (holds: () => boolean, what: string) => {
    const deadline = Date.now() + 10_000;
    while (!holds()) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  it('tells a screen which tickets changed, at which position, from now on', async () => {
    const before = (await command('/incidents', INCIDENT)).body;
    const screen = follow('');
    await screen.opened;
    const opened = (await command('/incidents', INCIDENT)).body;
    await command(`/incidents/${opened.id}/work-notes`, { text: 'looking' });
    await until(() => screen.seen.length === 2, 'two changes');
    expect(screen.seen).toEqual([
      expect.objectContaining({ streamType: 'incident', id: opened.id, revision: 0, type: 'IncidentOpened', position: opened.position }),
      expect.objectContaining({ streamType: 'incident', id: opened.id, revision: 1, type: 'IncidentWorkNoteAdded' }),
    ]);
    expect(screen.seen.map((change) => change.id)).not.toContain(before.id);
  });

  it('follows only the kinds and tickets asked for, never the platform’s own streams', async () => {
    const [first, second] = [(await command('/incidents', INCIDENT)).body, (await command('/incidents', INCIDENT)).body];
    // By number, as paths take a ticket too.
    const screen = follow(`?streamType=incident&ticket=${second.number}&after=${first.position}`);
    await command(`/incidents/${first.id}/work-notes`, { text: 'not this one' });
    await command(`/incidents/${second.id}/work-notes`, { text: 'this one' });
    await until(() => screen.seen.length === 2, 'the second ticket’s two changes');
    expect(screen.seen.map((change) => [change.id, change.type])).toEqual([[second.id, 'IncidentOpened'], [second.id, 'IncidentWorkNoteAdded']]);
    const everything = follow(`?after=${first.position}`);
    await command('/problems', { title: 'Spool', description: 'd', category: 'email', impact: 2, urgency: 2 });
    await until(() => everything.seen.some((change) => change.streamType === 'problem'), 'the problem');
    expect(new Set(everything.seen.map((change) => change.streamType))).toEqual(new Set(['incident', 'problem']));
  });

  it('resumes after a dropped connection from Last-Event-ID: nothing missed, nothing twice', async () => {
    const opened = (await command('/incidents', INCIDENT)).body;
    const screen = follow(`?ticket=${opened.id}&after=${opened.position}`);
    await screen.opened;
    const burst = async (from: number, count: number) => {
      for (let i = from; i < from + count; i++) await command(`/incidents/${opened.id}/work-notes`, { text: `note ${i}` });
    };
    await burst(0, 10);
    await until(() => screen.seen.length >= 3, 'the burst to begin');
    // The connection drops mid-burst, as a network does: the client reconnects by itself.
    const reconnected = new Promise<void>((resolve) => screen.source.addEventListener('open', () => resolve()));
    for (const socket of sockets) socket.destroy();
    await burst(10, 10);
    await reconnected;
    await until(() => screen.seen.length >= 20, 'all twenty notes');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(screen.seen.map((change) => change.revision)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('refuses what it cannot follow, with a problem', async () => {
    const get = (query: string, headers: Record<string, string> = {}) => apps.queries.requestRaw('GET', `/events/stream${query}`, { token: apps.queries.token('val', 'agent'), headers });
    expect(await get('?streamType=pizza')).toMatchObject({ status: 400, body: { errors: [{ field: 'streamType' }] } });
    expect(await get('?ticket=printer')).toMatchObject({ status: 400, body: { errors: [{ field: 'ticket', reason: expect.stringContaining('"printer" is neither an id') }] } });
    expect(await get('?ticket=INC0099999')).toMatchObject({ status: 404, body: { code: 'incident.not_found' } });
    expect(await get('', { 'last-event-id': 'yesterday' })).toMatchObject({ status: 400, body: { errors: [{ field: 'Last-Event-ID' }] } });
    expect(await get('?after=99999999999999999999')).toMatchObject({ status: 400, body: { errors: [{ field: 'after' }] } });
    expect((await apps.queries.requestRaw('GET', '/events/stream')).status).toBe(401);
  });
});

