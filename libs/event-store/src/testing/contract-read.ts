import { EventStore, RecordedEvent } from '../event-store';
import { anEvent, someEvents } from './test-events';

const revisions = (events: readonly RecordedEvent[]): number[] => events.map((event) => event.revision);
const indexes = (events: readonly RecordedEvent[]): unknown[] => events.map((event) => (event.data as { index: number }).index);

/** Reading one stream and the global log. */
export function describeReadContract(store: () => EventStore): void {
  describe('readStream', () => {
    beforeEach(async () => {
      await store().append('order-1', someEvents(5), 'no_stream');
      await store().append('order-2', someEvents(2), 'no_stream');
    });

    it('reads a stream forwards, only its own events, in revision order', async () => {
      const events = await store().readStream('order-1');
      expect(revisions(events)).toEqual([0, 1, 2, 3, 4]);
      expect(indexes(events)).toEqual([0, 1, 2, 3, 4]);
      expect(events.every((event) => event.stream === 'order-1')).toBe(true);
    });

    it('reads forwards from a revision (inclusive), at most max events', async () => {
      expect(revisions(await store().readStream('order-1', { from: 2 }))).toEqual([2, 3, 4]);
      expect(revisions(await store().readStream('order-1', { from: 1, max: 2 }))).toEqual([1, 2]);
      expect(await store().readStream('order-1', { from: 5 })).toEqual([]);
    });

    it('reads backwards from the end by default, or from a revision (inclusive)', async () => {
      expect(revisions(await store().readStream('order-1', { direction: 'backwards' }))).toEqual([4, 3, 2, 1, 0]);
      expect(revisions(await store().readStream('order-1', { direction: 'backwards', max: 1 }))).toEqual([4]);
      expect(revisions(await store().readStream('order-1', { direction: 'backwards', from: 2, max: 2 }))).toEqual([2, 1]);
    });

    it('reads a missing stream as empty', async () => {
      expect(await store().readStream('order-404')).toEqual([]);
      expect(await store().readStream('order-404', { direction: 'backwards' })).toEqual([]);
    });
  });

  describe('readAll', () => {
    async function interleave(): Promise<void> {
      await store().append('order-1', [anEvent('A', { index: 0 })], 'any');
      await store().append('invoice-1', [anEvent('B', { index: 1 })], 'any');
      await store().append('order-2', [anEvent('C', { index: 2 }), anEvent('D', { index: 3 })], 'any');
      await store().append('customer-1', [anEvent('E', { index: 4 })], 'any');
      await store().append('order-1', [anEvent('F', { index: 5 })], 'any');
    }

    it('reads an empty log as empty, with no head position', async () => {
      expect(await store().readAll()).toEqual([]);
      expect(await store().headPosition()).toBeNull();
    });

    it('reads every stream in the order of appending, positions strictly increasing', async () => {
      await interleave();
      const events = await store().readAll();
      expect(indexes(events)).toEqual([0, 1, 2, 3, 4, 5]);
      const positions = events.map((event) => event.position);
      expect([...positions].sort()).toEqual(positions);
      expect(new Set(positions).size).toBe(positions.length);
    });

    it('returns the same recorded events as readStream', async () => {
      await interleave();
      const fromLog = (await store().readAll()).filter((event) => event.stream === 'order-1');
      expect(fromLog).toEqual(await store().readStream('order-1'));
    });

    it('reads strictly after a position, at most max events', async () => {
      await interleave();
      const all = await store().readAll();
      expect(indexes(await store().readAll({ after: all[1].position }))).toEqual([2, 3, 4, 5]);
      expect(indexes(await store().readAll({ after: all[1].position, max: 2 }))).toEqual([2, 3]);
      expect(await store().readAll({ after: all[5].position })).toEqual([]);
      expect(indexes(await store().readAll({ after: null, max: 1 }))).toEqual([0]);
    });

    it('keeps only streams starting with one of the filter prefixes', async () => {
      await interleave();
      const orders = await store().readAll({ filter: { streamPrefixes: ['order-'] } });
      expect(indexes(orders)).toEqual([0, 2, 3, 5]);
      const ordersAndCustomers = await store().readAll({ filter: { streamPrefixes: ['order-', 'customer-'] } });
      expect(indexes(ordersAndCustomers)).toEqual([0, 2, 3, 4, 5]);
    });

    it('combines the filter with after and max', async () => {
      await interleave();
      const all = await store().readAll();
      const page = await store().readAll({ after: all[2].position, max: 2, filter: { streamPrefixes: ['order-'] } });
      expect(indexes(page)).toEqual([3, 5]);
    });

    it('treats prefix characters literally', async () => {
      await store().append('a_b-1', [anEvent('A', { index: 0 })], 'any');
      await store().append('axb-1', [anEvent('B', { index: 1 })], 'any');
      await store().append('a%-1', [anEvent('C', { index: 2 })], 'any');
      expect(indexes(await store().readAll({ filter: { streamPrefixes: ['a_b'] } }))).toEqual([0]);
      expect(indexes(await store().readAll({ filter: { streamPrefixes: ['a%'] } }))).toEqual([2]);
    });
  });

  describe('headPosition', () => {
    it('is the position of the last event appended to any stream', async () => {
      await store().append('order-1', someEvents(2), 'any');
      const last = await store().append('order-2', someEvents(1), 'any');
      expect(await store().headPosition()).toBe(last.position);
    });
  });
}
