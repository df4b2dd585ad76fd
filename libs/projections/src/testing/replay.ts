import type { RecordedEvent } from '@itsm/event-store';
import { MemoryReadStore, type StoredDocument } from '@itsm/read-store';
import type { Projection } from '../projection';
import { projectEvents } from '../runner/project-events';
import { projectionKey, type AnyEvent } from '../shared/projection-key';

/** Feeds batches through the runner's pure step, as the runner would; returns every document by id. */
export function replay<E extends AnyEvent, D extends StoredDocument>(
  projection: Projection<E, D>,
  batches: readonly (readonly RecordedEvent[])[],
  stored: ReadonlyMap<string, D> = new Map(),
): Map<string, D> {
  const documents = new Map(stored);
  for (const batch of batches) {
    for (const document of projectEvents(projection, batch, documents)) documents.set(document.id, document);
  }
  return documents;
}

/**
 * Asserts the runner's redelivery guarantee for one projection: every event delivered again (at once, in
 * a later batch, or once the history has moved on), and the log delivered again from any earlier
 * checkpoint (a batch retried, a checkpoint lost), changes nothing. It holds whatever the projection's
 * evolve does, because the runner skips what a document has seen: libs/projections/src/all-projections.spec.ts
 * checks it once per projection, and each projection's own spec checks its documents.
 */
export function expectRedeliveryHarmless<E extends AnyEvent, D extends StoredDocument>(
  projection: Projection<E, D>,
  events: readonly RecordedEvent[],
): void {
  const once = replay(projection, [events]);
  for (const event of events) {
    expect(projectEvents(projection, [event], once)).toEqual([]);
  }
  const eachTwice = events.flatMap((event) => [event, event]);
  expect(replay(projection, [eachTwice])).toEqual(once);
  expect(replay(projection, events.map((event) => [event, event]))).toEqual(once);
  for (let from = 0; from < events.length; from++) {
    expect(replay(projection, [events.slice(from)], once)).toEqual(once);
  }
}

/** A memory read store holding the projection's documents after the events, as the runner leaves it. */
export async function readStoreAfter<E extends AnyEvent, D extends StoredDocument>(
  projection: Projection<E, D>,
  events: readonly RecordedEvent[],
): Promise<MemoryReadStore> {
  const store = new MemoryReadStore();
  await store.ensureCollection(projection.collection);
  const documents = [...replay(projection, [events]).values()];
  const checkpoint = events[events.length - 1]?.position ?? '0'.padStart(20, '0');
  await store.applyBatch(projectionKey(projection), documents.map((document) => ({ collection: projection.collection.name, document })), checkpoint);
  return store;
}
