import type { EventStore, NewEvent, RecordedEvent } from '@itsm/event-store';
import type { ReadStore } from '@itsm/read-store';

/** Appends recorded test events to a real store, in order, one append per event. */
export async function appendAll(store: EventStore, events: readonly RecordedEvent[]): Promise<void> {
  for (const { stream, type, data, metadata } of events) {
    const event: NewEvent = { type, data, metadata };
    await store.append(stream, [event], 'any');
  }
}

/** Polls until `condition` holds; fails the test with `what` after `timeoutMs`. */
export async function eventually(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface BatchRecord {
  readonly projection: string;
  readonly documents: number;
  readonly checkpoint: string;
}

export interface ObservedReadStore {
  readonly store: ReadStore;
  /** Every batch that landed, in order. */
  readonly batches: BatchRecord[];
  /** The next `count` applyBatch or applyBatches calls fail without landing anything. */
  failNext(count: number): void;
  /** Called after each batch lands. */
  onBatch(hook: () => void): void;
}

/** A ReadStore that records every batch (one per projection of an applyBatches) and can be told to fail, to watch a runner from outside. */
export function observed(inner: ReadStore): ObservedReadStore {
  const batches: BatchRecord[] = [];
  let failures = 0;
  let hook: () => void = () => undefined;
  const fail = () => {
    if (failures === 0) return;
    failures -= 1;
    throw new Error('read store unavailable');
  };
  const store: ReadStore = {
    ensureCollection: (definition) => inner.ensureCollection(definition),
    get: (collection, id) => inner.get(collection, id),
    getMany: (collection, ids) => inner.getMany(collection, ids),
    find: (collection, query) => inner.find(collection, query),
    findAsJson: (collection, query) => inner.findAsJson(collection, query),
    count: (collection, filter) => inner.count(collection, filter),
    checkpoint: (projection) => inner.checkpoint(projection),
    resetCheckpoint: (projection, position) => inner.resetCheckpoint(projection, position),
    acquireLease: (name, owner, ttlMs, now) => inner.acquireLease(name, owner, ttlMs, now),
    releaseLease: (name, owner) => inner.releaseLease(name, owner),
    ping: () => inner.ping(),
    close: () => inner.close(),
    applyBatch: async (projection, writes, checkpoint) => {
      fail();
      await inner.applyBatch(projection, writes, checkpoint);
      batches.push({ projection, documents: writes.length, checkpoint });
      hook();
    },
    applyBatches: async (landing) => {
      fail();
      await inner.applyBatches(landing);
      for (const { projection, writes, checkpoint } of landing) {
        batches.push({ projection, documents: writes.length, checkpoint });
        hook();
      }
    },
  };
  return { store, batches, failNext: (count) => (failures = count), onBatch: (next) => (hook = next) };
}
