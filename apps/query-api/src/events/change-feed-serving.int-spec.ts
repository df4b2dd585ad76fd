import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Server } from 'node:http';
import type { EventStore } from '@itsm/event-store';
import { openEventStore, STORED_EVENT_STORE } from '@itsm/platform';
import { anEvent } from '../../../../libs/event-store/src/testing/test-events';
import { InProcessApp, tempDataDir } from '../../../../test/support/in-process-app';
import { QueryApiModule } from '../query-api.module';
import { until } from './testing/feed-fakes';

type Line = Record<string, unknown>;

/** A screen on the feed over a real socket (plain HTTP, read by hand): what it was told, and how to drop it. */
interface Screen {
  readonly request: http.ClientRequest;
  readonly told: () => string;
}

function openFeed(base: string, token: string): Promise<Screen> {
  return new Promise((resolve, reject) => {
    const chunks: string[] = [];
    const request = http.get(`${base}/events/stream`, { headers: { authorization: `Bearer ${token}` } }, (answer) => {
      answer.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
      if (answer.statusCode === 200) resolve({ request, told: () => chunks.join('') });
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
