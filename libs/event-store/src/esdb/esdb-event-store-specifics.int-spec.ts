import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startEsdbDouble, type EsdbDouble } from '../../../../test/support/esdb-double';
import { ConcurrencyError, RecordedEvent, SubscriptionMessage } from '../event-store';
import { anEvent, nextEvent, puller, someEvents, untilCheckpoint, type CheckpointMessage, type Pull } from '../testing/test-events';
import { EsdbEventStore } from './esdb-event-store';
import { parseEsdbPosition } from './esdb-position';
import { EsdbReads } from './esdb-reads';
import { toEventData } from './esdb-records';

/** What the contract cannot say about EventStoreDB: big positions, system events, dropped connections. */
describe.each(['23.10', '24.10'] as const)('EsdbEventStore over the EventStoreDB double (%s)', (version) => {
  let double: EsdbDouble;
  let store: EsdbEventStore;
  let controller: AbortController;
  const twoTo53 = 2n ** 53n;

  beforeAll(async () => {
    double = await startEsdbDouble({ version });
  });
  afterAll(() => double.stop());
  beforeEach(() => {
    double.reset();
    controller = new AbortController();
    store = EsdbEventStore.connect({ connectionString: double.connectionString, idleCheckpointMs: 20, reconnect: { initialDelayMs: 10, maxDelayMs: 50 } });
  });
  afterEach(async () => {
    controller.abort();
    await store.close();
  });

  const subscribe = (options: Parameters<EsdbEventStore['subscribe']>[0] = {}): AsyncIterator<SubscriptionMessage> =>
    store.subscribe({ signal: controller.signal, ...options })[Symbol.asyncIterator]();
  const indexes = (events: readonly RecordedEvent[]): unknown[] => events.map((event) => (event.data as { index: number }).index);

  it('keeps positions past 2^53 exact: every event reads back strictly after its predecessor', async () => {
    for (let batch = 0; batch < 8; batch++) await store.append('order-1', someEvents(5), 'any');
    const all = await store.readAll();
    const offsets = all.map((event) => parseEsdbPosition(event.position).commit);
    expect(offsets.some((offset) => offset > twoTo53 && offset % 2n === 1n)).toBe(true);
    for (let index = 0; index < all.length - 1; index++) {
      expect((await store.readAll({ after: all[index].position, max: 1 }))[0]).toEqual(all[index + 1]);
    }
    const { events } = await untilCheckpoint(puller(subscribe({ after: all[all.length - 2].position })));
    expect(events).toEqual([all[all.length - 1]]);
  });

  it('leaves system events out of readAll, readStream, headPosition and subscriptions', async () => {
    const raw = EventStoreDBClient.connectionString(double.connectionString);
    await store.append('order-1', [anEvent('Ours', { index: 0 })], 'any');
    await raw.appendToStream('$$order-1', jsonEvent({ type: '$metadata', data: { $maxAge: 10 } }));
    await raw.appendToStream('$stats-127.0.0.1:2113', jsonEvent({ type: 'StatsCollected', data: {} }));
    const ours = await store.append('order-2', [anEvent('Ours', { index: 1 })], 'any');
    await raw.appendToStream('order-2', jsonEvent({ type: '$>', data: '0@order-1' }));
    await raw.dispose();

    expect(indexes(await store.readAll())).toEqual([0, 1]);
    expect(indexes(await store.readStream('order-2'))).toEqual([1]);
    expect(await store.headPosition()).toBe(ours.position);
    const { events, checkpoint } = await untilCheckpoint(puller(subscribe()));
    expect(indexes(events)).toEqual([0, 1]);
    expect(checkpoint.position >= ours.position).toBe(true);
  });

  it("lets a filtered consumer checkpoint past other streams' events during catch-up", async () => {
    const wanted = await store.append('order-1', [anEvent('Wanted')], 'any');
    await store.append('invoice-1', someEvents(100), 'any');
    const checkpoints: CheckpointMessage[] = [];
    const { events } = await untilCheckpoint(puller(subscribe({ filter: { streamPrefixes: ['order-'] } })), (checkpoint) => {
      checkpoints.push(checkpoint);
      return checkpoint.caughtUp;
    });
    expect(events.map((event) => event.type)).toEqual(['Wanted']);
    const beforeCaughtUp = checkpoints.filter((checkpoint) => !checkpoint.caughtUp).map((checkpoint) => checkpoint.position);
    expect(beforeCaughtUp.length).toBeGreaterThan(0);
    expect(beforeCaughtUp.every((position) => position > wanted.position)).toBe(true);
    expect(checkpoints[checkpoints.length - 1].position).toBe(await store.headPosition());
  });

  it('holds the server back while the consumer does not pull (backpressure)', async () => {
    const raw = EventStoreDBClient.connectionString(double.connectionString);
    for (let batch = 0; batch < 4; batch++) await raw.appendToStream('order-1', someEvents(500).map(toEventData));
    await raw.dispose();
    const pull = puller(subscribe());
    for (let pulled = 0; pulled < 3; pulled++) await pull();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Transport windows and the client's buffer hold a few hundred; the log holds 2000.
    expect(double.subscriptionEventsSent).toBeLessThan(1000);
  });

  it('resubscribes after the server drops its subscriptions, with no event lost or repeated', async () => {
    await store.append('order-1', someEvents(10), 'any');
    const pull = puller(subscribe());
    const seen = [await nextEvent(pull), await nextEvent(pull), await nextEvent(pull)];
    double.dropSubscriptions();
    await store.append('order-2', someEvents(5), 'any');
    seen.push(...(await eventsUntilHead(store, pull)));
    expect(seen).toEqual(await store.readAll());
    // What the client had buffered before the drop is still handed out; it resumes after the last one.
    const [first, resumedAfter] = double.subscriptionStarts;
    expect(first).toBe('start');
    expect(seen.slice(2, 10).map((event) => parseEsdbPosition(event.position).commit)).toContain(resumedAfter);
    expect(store.subscriptionStatus()).toEqual([
      expect.objectContaining({ connected: true, caughtUp: true, failures: 1, lastError: expect.stringMatching(/dropped/) }),
    ]);
  });

  it('resubscribes after the server goes away and comes back on the same port', async () => {
    await store.append('order-1', someEvents(10), 'any');
    const pull = puller(subscribe());
    const seen = [await nextEvent(pull), await nextEvent(pull)];
    await double.kill();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(store.subscriptionStatus()[0]).toMatchObject({ connected: false, caughtUp: false });
    await double.start();
    await appendRetryingWhileReconnecting(() => store.append('order-2', someEvents(5), 'any'));
    seen.push(...(await eventsUntilHead(store, pull)));
    expect(seen).toEqual(await store.readAll());
    expect(store.subscriptionStatus()[0].failures).toBeGreaterThanOrEqual(1);
  });

  it("recognises a retried batch under 'any' even when the server has forgotten its ids (reading the stream)", async () => {
    const batch = someEvents(2);
    const original = await store.append('order-1', batch, 'any');
    double.forgetRecentEventIds();
    await expect(store.append('order-1', batch, 'any')).resolves.toEqual(original);
    expect(await store.readStream('order-1')).toHaveLength(2);
  });

  it('at an exact revision, leaves retries to the server: recognised right after that revision, in one round trip', async () => {
    await store.append('order-1', [anEvent()], 'no_stream');
    const batch = someEvents(2);
    const original = await store.append('order-1', batch, 0);
    double.forgetRecentEventIds();
    const reads = jest.spyOn(EsdbReads.prototype, 'readStream');
    await expect(store.append('order-1', batch, 0)).resolves.toEqual(original);
    await expect(store.append('order-1', [anEvent()], 0)).rejects.toBeInstanceOf(ConcurrencyError);
    expect(reads).not.toHaveBeenCalled();
    reads.mockRestore();
    // Re-sent at the stream's current revision it is a new append to the server: the write path,
    // which binds each command id to its stream and position, never sends one (ADR 10).
    expect(await store.readStream('order-1')).toHaveLength(3);
  });

  it('answers concurrent retries of one command alike, appending once', async () => {
    await store.append('order-1', [anEvent()], 'no_stream');
    const batch = someEvents(2);
    const results = await Promise.all([0, 1, 2].map(() => store.append('order-1', batch, 0)));
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
    expect(await store.readStream('order-1')).toHaveLength(3);
  });

  it('accepts a kurrentdb:// connection string as a synonym', async () => {
    const other = EsdbEventStore.connect({ connectionString: double.connectionString.replace('esdb://', 'kurrentdb://') });
    await other.append('order-1', [anEvent()], 'no_stream');
    expect(await store.readStream('order-1')).toHaveLength(1);
    await other.close();
  });
});

/** Events up to a caught-up checkpoint at the head as it is now (one caught-up may predate the last append). */
async function eventsUntilHead(store: EsdbEventStore, pull: Pull): Promise<RecordedEvent[]> {
  const head = await store.headPosition();
  const { events } = await untilCheckpoint(pull, (checkpoint) => checkpoint.caughtUp && checkpoint.position === head);
  return events;
}

/** The client drops its channel on the first UNAVAILABLE and makes a new one on the next call. */
async function appendRetryingWhileReconnecting<T>(append: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await append();
    } catch (error) {
      if (attempt === 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
