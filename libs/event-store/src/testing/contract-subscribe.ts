import { EventStore, SubscribeOptions, SubscriptionMessage } from '../event-store';
import { anEvent, appendMany, CheckpointMessage, nextEvent, puller, someEvents, untilCheckpoint } from './test-events';

const kindsOf = (messages: readonly SubscriptionMessage[]): string[] => messages.map((message) => message.kind);

/** Catch-up, live, checkpoints, backpressure and ending a subscription. */
export function describeSubscribeContract(store: () => EventStore): void {
  // Every test ends its subscriptions through this signal, so none outlives its store.
  let controller: AbortController;
  beforeEach(() => {
    controller = new AbortController();
  });
  afterEach(() => controller.abort());

  function subscribe(options: SubscribeOptions = {}): AsyncIterator<SubscriptionMessage> {
    return store().subscribe({ signal: controller.signal, ...options })[Symbol.asyncIterator]();
  }

  describe('subscribe: catch-up and live', () => {
    it('delivers the existing log in order, then a caught-up checkpoint at the head', async () => {
      await store().append('order-1', someEvents(3), 'any');
      await store().append('order-2', someEvents(2), 'any');
      const { events, checkpoint } = await untilCheckpoint(puller(subscribe()));
      expect(events).toEqual(await store().readAll());
      expect(checkpoint).toEqual({ kind: 'checkpoint', position: await store().headPosition(), caughtUp: true });
    });

    it('reports caught up on an empty log', async () => {
      const pull = puller(subscribe());
      expect(await pull()).toMatchObject({ kind: 'checkpoint', caughtUp: true });
    });

    it('starts strictly after the given position', async () => {
      await store().append('order-1', someEvents(4), 'any');
      const all = await store().readAll();
      const { events } = await untilCheckpoint(puller(subscribe({ after: all[1].position })));
      expect(events).toEqual(all.slice(2));
    });

    it('delivers events appended after it caught up, then checkpoints them', async () => {
      await store().append('order-1', someEvents(1), 'any');
      const pull = puller(subscribe());
      await untilCheckpoint(pull);
      const appended = await store().append('order-2', [anEvent('Late')], 'any');
      const late = await nextEvent(pull);
      expect(late).toMatchObject({ type: 'Late', stream: 'order-2', position: appended.position });
      expect(await pull()).toEqual({ kind: 'checkpoint', position: appended.position, caughtUp: true });
    });

    it('receives an append that lands while the consumer holds a message (none is missed)', async () => {
      const pull = puller(subscribe());
      await untilCheckpoint(pull);
      await store().append('order-1', [anEvent('First')], 'any');
      const first = await pull();
      await store().append('order-1', [anEvent('Second')], 'any');
      expect(first).toMatchObject({ kind: 'event', event: { type: 'First' } });
      expect(await nextEvent(pull)).toMatchObject({ type: 'Second' });
    });

    it('reports checkpoints that never go backwards and end caught up, across a log of many pages', async () => {
      await appendMany(store(), 'order-1', 1200);
      const checkpoints: CheckpointMessage[] = [];
      const { events } = await untilCheckpoint(puller(subscribe()), (checkpoint) => {
        checkpoints.push(checkpoint);
        return checkpoint.caughtUp;
      });
      expect(events).toHaveLength(1200);
      const positions = checkpoints.map((checkpoint) => checkpoint.position);
      expect([...positions].sort()).toEqual(positions);
      expect(positions[positions.length - 1]).toBe(await store().headPosition());
    });
  });

  describe('subscribe: filtered', () => {
    const onlyOrders = { streamPrefixes: ['order-'] };

    it('delivers only matching streams but checkpoints past the events it skipped', async () => {
      await store().append('invoice-1', someEvents(2), 'any');
      await store().append('order-1', [anEvent('Wanted')], 'any');
      await store().append('invoice-2', someEvents(3), 'any');
      const { events, checkpoint } = await untilCheckpoint(puller(subscribe({ filter: onlyOrders })));
      expect(events.map((event) => event.type)).toEqual(['Wanted']);
      expect(checkpoint.position).toBe(await store().headPosition());
    });

    it('advances its checkpoint when only other streams are appended live', async () => {
      await store().append('order-1', [anEvent()], 'any');
      const pull = puller(subscribe({ filter: onlyOrders }));
      await untilCheckpoint(pull);
      const skipped = await store().append('invoice-1', someEvents(2), 'any');
      expect(await pull()).toEqual({ kind: 'checkpoint', position: skipped.position, caughtUp: true });
    });
  });

  describe('subscribe: backpressure and ending', () => {
    it('hands out the first messages of a large log without the consumer draining it', async () => {
      await appendMany(store(), 'order-1', 3000, 500);
      const iterator = subscribe();
      const pull = puller(iterator);
      const firstThree = [await pull(), await pull(), await pull()];
      expect(kindsOf(firstThree)).toEqual(['event', 'event', 'event']);
      expect(firstThree).toEqual((await store().readAll({ max: 3 })).map((event) => ({ kind: 'event', event })));
      await expect(iterator.return?.()).resolves.toMatchObject({ done: true });
    });

    it('ends when the consumer breaks out of for-await', async () => {
      await store().append('order-1', someEvents(5), 'any');
      const seen: SubscriptionMessage[] = [];
      for await (const message of store().subscribe()) {
        seen.push(message);
        if (seen.length === 2) break;
      }
      expect(kindsOf(seen)).toEqual(['event', 'event']);
      await expect(store().append('order-1', [anEvent()], 'any')).resolves.toMatchObject({ revision: 5 });
    });

    it('ends when its signal aborts while it waits for new events', async () => {
      const iterator = subscribe();
      await untilCheckpoint(puller(iterator));
      const waiting = iterator.next();
      controller.abort();
      await expect(waiting).resolves.toMatchObject({ done: true });
    });

    it('ends when its signal aborts during catch-up, and yields nothing when aborted before starting', async () => {
      await store().append('order-1', someEvents(5), 'any');
      const iterator = subscribe();
      await iterator.next();
      controller.abort();
      await expect(iterator.next()).resolves.toMatchObject({ done: true });
      await expect(subscribe().next()).resolves.toMatchObject({ done: true });
    });
  });
}
