import type { RecordedEvent } from '@itsm/event-store/port';
import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';

/**
 * A recorded event whose type and data are known to the domain. Distributes over a union of events,
 * so that a `switch` on `type` narrows `data` too.
 */
export type DomainRecordedEvent<E extends { type: string; data: unknown }> = E extends unknown
  ? Omit<RecordedEvent, 'type' | 'data'> & { readonly type: E['type']; readonly data: E['data'] }
  : never;

/**
 * A read model as data plus pure functions. The runner feeds it events in global order; it never
 * reads the clock (deadlines are stored as data and compared to `now` at query time).
 */
export interface Projection<E extends { type: string; data: unknown }, D extends StoredDocument> {
  /** Also the checkpoint key. Bumping `version` rebuilds into a new collection beside the old one. */
  readonly name: string;
  readonly version: number;
  readonly collection: CollectionDefinition;
  /** Stream-name prefixes the projection subscribes to (`''`: every stream; an empty list: none). */
  readonly streamPrefixes: readonly string[];
  /** The event types it is fed; any other event of its streams is skipped. */
  readonly handles: readonly E['type'][];
  /**
   * True for a projection of every fact whatever its type (the audit trail): it is fed every event
   * of its streams, types it has never heard of included, and lists none in `handles`. A type list
   * cannot say this: a type added later would be missing from it, silently.
   */
  readonly handlesEveryType?: true;
  documentIds(event: DomainRecordedEvent<E>): readonly string[];
  /**
   * Returns the document after the event, or null when the event leaves it absent. The runner stamps
   * `_position` with the event's position and skips events at or before a document's `_position`,
   * which is what makes re-delivery harmless. `documentId` says which of `documentIds(event)` is
   * being evolved (an event may touch several documents, and a new one has no id yet).
   * Null for an existing document is refused: keep a tombstone, so re-delivery cannot resurrect it.
   */
  evolve(document: D | null, event: DomainRecordedEvent<E>, documentId: string): Omit<D, '_position'> | null;
}
