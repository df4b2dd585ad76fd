import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Server } from 'node:http';
import type { EventStore } from '@itsm/event-store';
import { openEventStore, STORED_EVENT_STORE } from '@itsm/platform';
import { anEvent, appendMany } from '../../../../libs/event-store/src/testing/test-events';
import { InProcessApp, tempDataDir } from '../../../../test/support/in-process-app';
import { QueryApiModule } from '../query-api.module';
import { until } from './testing/feed-fakes';

type Line = Record<string, unknown>;

/** A screen on the feed over a real socket (plain HTTP, read by hand): what it was told, and how to drop it. */
interface Screen {
  readonly request: http.ClientRequest;
  readonly answer: http.IncomingMessage;
  readonly told: () => string;
  /** The ids of the changes told, in order. */
  readonly ids: () => string[];
  readonly ended: Promise<void>;
}

function openFeed(base: string, token: string, headers: Record<string, string> = {}): Promise<Screen> {
  return new Promise((resolve, reject) => {
    const chunks: string[] = [];
    const ids: string[] = [];
    let pending = '';
    const request = http.get(`${base}/events/stream`, { agent: false, headers: { authorization: `Bearer ${token}`, ...headers } }, (answer) => {
      const ended = new Promise<void>((done) => answer.once('end', done).once('close', done));
      answer.setEncoding('utf8').on('data', (chunk: string) => {
        chunks.push(chunk);
        const messages = (pending + chunk).split('\n\n');
        pending = messages.pop() as string;
        for (const message of messages) if (message.startsWith('id: ')) ids.push(message.slice(4, message.indexOf('\n')));
      });
      if (answer.statusCode === 200) resolve({ request, answer, told: () => chunks.join(''), ids: () => ids, ended });
      else reject(new Error(`The feed answered ${answer.statusCode}`));
    });
    request.on('error', () => undefined);
  });
}

/**
 * Issue 14: how one query API serves its feeds. One subscription to the log serves them all, started
 * with the first and stopped with the last. A feed answers through a hijacked reply and usually ends
 * because its client leaves, so the platform's access line (written when an answer finishes) would
 * never be written for it: each feed gets one access line and one count in http_requests_total when
 * it ends, however it ends.
 */
describe('The change feed, served by one query API', () => {
  const raw: string[] = [];
  const lines = () => raw.join('').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Line);
  const feedLines = () => lines().filter((line) => line['msg'] === 'request' && line['route'] === '/events/stream');
  let api: InProcessApp;
  let log: EventStore;
  let base: string;
  beforeAll(async () => {
    api = await InProcessApp.start((config) => QueryApiModule.register(config), {}, tempDataDir(), { level: 'log', destination: { write: (chunk: string) => void raw.push(chunk) } });
    log = await openEventStore(api.config);
    await api.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${((api.app.getHttpServer() as Server).address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await log.close();
    await api.stop();
  });

  const feedsCounted = async () => {
    const text = (await api.requestRaw('GET', '/metrics')).body as string;
    return Number(/^http_requests_total\{[^}]*route="\/events\/stream",status="200"[^}]*\} (\d+)$/m.exec(text)?.[1] ?? 0);
  };

  it('serves every screen from one subscription to the log, started by the first and stopped with the last', async () => {
    const subscribe = jest.spyOn(api.app.get<EventStore>(STORED_EVENT_STORE), 'subscribe');
    try {
      const screens = await Promise.all(Array.from({ length: 5 }, () => openFeed(base, api.token('val', 'agent'))));
      const { position } = await log.append(`incident-${randomUUID()}`, [anEvent('IncidentWorkNoteAdded', { text: 'x' })], 'no_stream');
      await until(() => screens.every((screen) => screen.told().includes(`id: ${position}`)), 'every screen to be told');
      expect(subscribe).toHaveBeenCalledTimes(1);
      const signal = subscribe.mock.calls[0]?.[0]?.signal as AbortSignal;
      for (const screen of screens.slice(1)) screen.request.destroy();
      await until(() => feedLines().length === 4, 'four screens to leave');
      expect(signal.aborted).toBe(false);
      screens[0]?.request.destroy();
      await until(() => signal.aborted, 'the subscription to stop with the last screen');
    } finally {
      subscribe.mockRestore();
      raw.length = 0;
    }
  });

  it('closes a screen that stops reading once its queue is full, tells the others everything, and the closed one resumes from its last id', async () => {
    const token = api.token('val', 'agent');
    const [reading, stalled] = await Promise.all([openFeed(base, token), openFeed(base, token)]);
    stalled.answer.pause();
    const stream = `incident-${randomUUID()}`;
    // About 7 MB of messages: more than loopback's socket buffers take (4 MB to send, the window to receive) plus a queue of 1,000.
    await appendMany(log, stream, 30_000, 500);
    await until(() => reading.ids().length === 30_000, 'the reading screen to be told all', 30_000);
    stalled.answer.resume();
    let closed = false;
    void stalled.ended.then(() => (closed = true));
    await until(() => closed, 'the stalled screen to be closed', 10_000);
    expect(stalled.told()).toMatch(/event: error\ndata: \{"code":"feed.too_slow"/);
    const toldBeforeClosing = [...stalled.ids()];
    expect(toldBeforeClosing.length).toBeLessThan(30_000);
    expect(toldBeforeClosing).toEqual(reading.ids().slice(0, toldBeforeClosing.length));
    const resumed = await openFeed(base, token, { 'last-event-id': toldBeforeClosing.at(-1) as string });
    await until(() => resumed.ids().length === 30_000 - toldBeforeClosing.length, 'the rest', 30_000);
    expect([...toldBeforeClosing, ...resumed.ids()]).toEqual(reading.ids());
    reading.request.destroy();
    resumed.request.destroy();
    await until(() => feedLines().length === 3, 'the three feeds to end');
    raw.length = 0;
  }, 60_000);

  it('logs and counts a feed its client left, once, with how long it was open', async () => {
    const counted = await feedsCounted();
    const feed = await openFeed(base, api.token('val', 'agent'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    feed.request.destroy();
    await until(() => feedLines().length === 1, 'the feed’s access line');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(feedLines()).toEqual([expect.objectContaining({ level: 'info', method: 'GET', url: '/events/stream', status: 200, subject: 'val', endedBy: 'client', reqId: expect.any(String) })]);
    expect(feedLines()[0]?.['durationMs']).toBeGreaterThanOrEqual(300);
    expect(await feedsCounted()).toBe(counted + 1);
  });

  it('logs a feed the server ends (at shutdown) once too', async () => {
    await openFeed(base, api.token('val', 'agent'));
    await api.app.close();
    await until(() => feedLines().length === 2, 'the second feed’s access line');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(feedLines()).toHaveLength(2);
    expect(feedLines()[1]).toEqual(expect.objectContaining({ route: '/events/stream', status: 200, subject: 'val' }));
    expect(feedLines()[1]).not.toHaveProperty('endedBy');
  });
});
