import { CI_EVENT_TYPES, CI_STREAM_PREFIX, type ConfigurationItemEvent } from '@itsm/domain';
import type { CollectionDefinition, StoredDocument } from '@itsm/read-store';
import type { Projection } from '../projection';
import { projectionKey } from '../shared/projection-key';

export const CI_HISTORY = { name: 'ci_history', version: 1 } as const;
export const CI_HISTORY_KEY = projectionKey(CI_HISTORY);

/** One recorded fact of a CI's stream, with its business time: what the domain's as-of fold needs. */
export interface CiTimelineEntry {
  readonly type: ConfigurationItemEvent['type'];
  readonly data: ConfigurationItemEvent['data'];
  readonly occurredAt: string;
  readonly revision: number;
}

/**
 * A CI's facts in stream order (relationships on their source). Kept in the read store so an
 * "as of T" question needs no scan of the event log; a CI gathers tens of facts, not thousands.
 */
export interface CiTimelineDocument extends StoredDocument {
  readonly entries: readonly CiTimelineEntry[];
}

export const CI_HISTORY_COLLECTION: CollectionDefinition = { name: CI_HISTORY_KEY, indexes: [] };

export const ciHistoryProjection: Projection<ConfigurationItemEvent, CiTimelineDocument> = {
  ...CI_HISTORY,
  collection: CI_HISTORY_COLLECTION,
  streamPrefixes: [CI_STREAM_PREFIX],
  handles: CI_EVENT_TYPES,
  documentIds: (event) => [event.data.ciId],
  evolve: (document, event) => {
    // The runner skips events at or before the document's position, and a revision already kept
    // is skipped here too, so appending cannot record a fact twice.
    const entries = document?.entries ?? [];
    if (entries.some((entry) => entry.revision === event.revision)) return document;
    const entry: CiTimelineEntry = { type: event.type, data: event.data, occurredAt: event.metadata.occurredAt, revision: event.revision };
    return { id: event.data.ciId, entries: [...entries, entry] };
  },
};
