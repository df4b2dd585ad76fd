import { Json } from '../event-store';
import { describeEventStoreContract } from '../testing/event-store-contract';
import { describeUpcastingContract } from '../testing/contract-upcasting';
import { anEvent, appendMany, puller } from '../testing/test-events';
import { MemoryEventStore } from './memory-event-store';

describeEventStoreContract('MemoryEventStore', async () => {
  const store = new MemoryEventStore();
  return { store, cleanup: () => store.close() };
});

describe('MemoryEventStore', () => {
  it('reads one page per pull a consumer makes, not the whole log (backpressure)', async () => {
    const store = new MemoryEventStore({ pageSize: 10 });
    await appendMany(store, 'order-1', 1000);
    const readAll = jest.spyOn(store, 'readAll');
    const iterator = store.subscribe()[Symbol.asyncIterator]();
    const pull = puller(iterator);
    for (let pulled = 0; pulled < 15; pulled++) await pull();

    expect(readAll).toHaveBeenCalledTimes(2);
    expect(readAll.mock.calls.every(([options]) => options?.max === 10)).toBe(true);
    await iterator.return?.();
    await store.close();
  });

  it('keeps what was appended even if the caller later mutates its objects', async () => {
    const store = new MemoryEventStore();
    const data = { title: 'original' };
    await store.append('order-1', [anEvent('A', data as Json)], 'any');
    data.title = 'changed';
    const [stored] = await store.readStream('order-1');
    expect(stored.data).toEqual({ title: 'original' });
    await store.close();
  });
});

describeUpcastingContract('MemoryEventStore', async (schemas) => {
  const store = new MemoryEventStore({ schemas });
  return { store, cleanup: () => store.close() };
});
