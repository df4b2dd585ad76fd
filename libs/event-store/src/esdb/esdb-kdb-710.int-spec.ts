import {
  EventStoreDBClient,
  jsonEvent,
  START,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type Position as ClientPosition,
} from '@eventstore/db-client';
import { startEsdbDouble, type EsdbDouble, type EsdbDoubleVersion } from '../../../../test/support/esdb-double';
import { SubscriptionMessage } from '../event-store';
import { comparePositions } from '../position';
import { anEvent, nextEvent, puller, someEvents, untilCheckpoint, type CheckpointMessage } from '../testing/test-events';
import { EsdbEventStore } from './esdb-event-store';
import { esdbPosition } from './esdb-position';
import { toEventData } from './esdb-records';

const END = 2n ** 64n - 1n;
const onlyOrders = { streamPrefixes: ['order-'] };

/**
 * EventStoreDB 24.2.0 to 24.10.4 end the catch-up of a filtered $all subscription from the start
 * that sent nothing with a checkpoint at Position.End (server bug KDB-710; the double's reading of
 * the server is in test/support/esdb-double/end-of-catch-up.ts). The adapter must never take it.
 */
describe('EventStoreDB server bug KDB-710 (24.2.0 to 24.10.4)', () => {
  const doubles = new Map<EsdbDoubleVersion, EsdbDouble>();
  let clients: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    for (const version of ['24.10', '24.10.4'] as const) doubles.set(version, await startEsdbDouble({ version }));
  });
  afterAll(async () => Promise.all([...doubles.values()].map((double) => double.stop())));
  beforeEach(() => doubles.forEach((double) => double.reset()));
  afterEach(async () => {
    await Promise.all(clients.map((client) => client.close()));
    clients = [];
  });

  const doubleOf = (version: EsdbDoubleVersion): EsdbDouble => doubles.get(version) as EsdbDouble;
  function rawClient(version: EsdbDoubleVersion): EventStoreDBClient {
    const client = EventStoreDBClient.connectionString(doubleOf(version).connectionString);
    clients.push({ close: () => client.dispose() });
    return client;
  }
  function storeOn(version: EsdbDoubleVersion): EsdbEventStore {
    const store = EsdbEventStore.connect({ connectionString: doubleOf(version).connectionString, idleCheckpointMs: 20, reconnect: { initialDelayMs: 10, maxDelayMs: 50 } });
    clients.push(store);
    return store;
  }

  /**
   * A filtered subscription from the start through client 6.2.1 itself, written down in the order
   * the server sent it (checkpoints and caught-up are pushed among the events, as the adapter does).
   */
  function rawSubscription(version: EsdbDoubleVersion): { seen: string[]; when: (what: string) => Promise<string[]> } {
    const seen: string[] = [];
    const waiting: (() => void)[] = [];
    const checkpointReached = (subscription: AllStreamSubscription, { commit, prepare }: ClientPosition): void => {
      subscription.push({ note: commit === END && prepare === END ? 'checkpoint at END' : 'checkpoint in the log' });
    };
    const subscription = rawClient(version).subscribeToAll({ fromPosition: START, filter: streamNameFilter({ prefixes: ['order-'], checkpointReached }) });
    subscription.on('caughtUp', () => subscription.push({ note: 'caughtUp' }));
    void (async () => {
      for await (const item of subscription as AsyncIterable<AllStreamResolvedEvent | { note: string }>) {
        seen.push('note' in item ? item.note : `event ${item.event?.streamId}`);
        waiting.splice(0).forEach((wake) => wake());
      }
    })().catch(() => undefined);
    const when = async (what: string): Promise<string[]> => {
      while (!seen.includes(what)) await new Promise<void>((wake) => waiting.push(wake));
      return [...seen];
    };
    return { seen, when };
  }

  describe('the double as such a server', () => {
    it('sends Position.End before CaughtUp, then live events but no checkpoint any more', async () => {
      const client = rawClient('24.10.4');
      for (let i = 0; i < 5; i++) await client.appendToStream(`invoice-${i}`, someEvents(3).map(toEventData));
      const subscription = rawSubscription('24.10.4');
      expect(await subscription.when('caughtUp')).toEqual(['checkpoint at END', 'caughtUp']);
      await client.appendToStream('invoice-9', someEvents(40).map(toEventData));
      await client.appendToStream('order-1', [toEventData(anEvent())]);
      expect(await subscription.when('event order-1')).toEqual(['checkpoint at END', 'caughtUp', 'event order-1']);
    });

    it('ends its catch-up as a fixed server does once it sent something: an event, or a checkpoint after 32 events', async () => {
      await rawClient('24.10.4').appendToStream('order-1', [toEventData(anEvent())]);
      expect(await rawSubscription('24.10.4').when('caughtUp')).toEqual(['event order-1', 'checkpoint in the log', 'caughtUp']);

      doubleOf('24.10.4').reset();
      await rawClient('24.10.4').appendToStream('invoice-1', someEvents(32).map(toEventData));
      expect(await rawSubscription('24.10.4').when('caughtUp')).toEqual(['checkpoint in the log', 'checkpoint in the log', 'caughtUp']);
    });

    it('is not what a fixed server sends', async () => {
      await rawClient('24.10').appendToStream('invoice-1', someEvents(3).map(toEventData));
      expect(await rawSubscription('24.10').when('caughtUp')).toEqual(['checkpoint in the log', 'caughtUp']);
    });
  });

  describe.each(['24.10.4', '24.10'] as const)('EsdbEventStore over %s', (version) => {
    let controller: AbortController;
    beforeEach(() => (controller = new AbortController()));
    afterEach(() => controller.abort());
    const subscribe = (store: EsdbEventStore, options: Parameters<EsdbEventStore['subscribe']>[0] = {}): AsyncIterator<SubscriptionMessage> =>
      store.subscribe({ signal: controller.signal, ...options })[Symbol.asyncIterator]();

    it('catches a filtered consumer up at the head, never beyond it, and delivers what comes later', async () => {
      const store = storeOn(version);
      await store.append('invoice-1', someEvents(5), 'any');
      const head = (await store.headPosition()) as string;
      const checkpoints: CheckpointMessage[] = [];
      const pull = puller(subscribe(store, { filter: onlyOrders }));
      await untilCheckpoint(pull, (checkpoint) => {
        checkpoints.push(checkpoint);
        return checkpoint.caughtUp;
      });
      expect(checkpoints.every((checkpoint) => comparePositions(checkpoint.position, head) <= 0)).toBe(true);
      expect(checkpoints[checkpoints.length - 1]).toEqual({ kind: 'checkpoint', position: head, caughtUp: true });

      const later = await store.append('order-1', [anEvent('Later')], 'any');
      expect(await nextEvent(pull)).toMatchObject({ type: 'Later', position: later.position });
    });

    it('delivers the first events of ours to an unfiltered consumer that caught up on system events only', async () => {
      const store = storeOn(version);
      // A fresh server holds only events like this one, which the server-side filter (on `$` types) leaves out.
      const metadata = await rawClient(version).appendToStream('$$order-1', jsonEvent({ type: '$metadata', data: { $maxAge: 10 } }));
      const lastSystemEvent = esdbPosition(metadata.position?.commit ?? 0n, metadata.position?.prepare ?? 0n);
      const pull = puller(subscribe(store));
      const { checkpoint } = await untilCheckpoint(pull);
      expect(comparePositions(checkpoint.position, lastSystemEvent)).toBeLessThanOrEqual(0);
      const first = await store.append('order-1', [anEvent('First')], 'any');
      expect(await nextEvent(pull)).toMatchObject({ type: 'First', position: first.position });
    });

    it('refuses to subscribe after a position beyond the end of the log, naming both', async () => {
      const store = storeOn(version);
      const written = await store.append('order-1', someEvents(2), 'any');
      const frozen = esdbPosition(END, END);
      await expect(subscribe(store, { after: frozen }).next()).rejects.toMatchObject({
        code: 'event_store.position_beyond_head',
        after: frozen,
        head: written.position,
      });
      const { events } = await untilCheckpoint(puller(subscribe(store, { after: written.position })));
      expect(events).toEqual([]);
    });
  });
});
