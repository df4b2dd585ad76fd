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

/** Asserts the redelivery guarantee: every event, delivered again later or at once, changes nothing. */
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
