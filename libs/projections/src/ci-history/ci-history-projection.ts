import { CI_EVENT_TYPES, CI_STREAM_PREFIX, type ConfigurationItemEvent } from '@itsm/domain';
import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import type { DomainRecordedEvent, Projection } from '../projection';
import { projectionKey } from '../shared/projection-key';

export const CI_HISTORY = { name: 'ci_history', version: 2 } as const;
export const CI_HISTORY_KEY = projectionKey(CI_HISTORY);

/**
 * One recorded fact of a CI's stream, with its business time: what the domain's as-of fold needs.
 * One document per fact, not one growing list per CI: a CI updated every day for years keeps
 * every document small, and a question about a few CIs reads only their facts.
 */
export interface CiTimelineEntryDocument extends StoredDocument {
  readonly ciId: string;
  readonly revision: number;
  readonly type: ConfigurationItemEvent['type'];
  readonly data: ConfigurationItemEvent['data'];
  readonly occurredAt: string;
  /** The target of a relationship fact (null for any other): how "as of T" finds a CI's incoming relationships. */
  readonly relatedCiId: string | null;
}

/** Sorts as the stream does: ids order each CI's facts by revision. */
export const ciTimelineEntryId = (ciId: string, revision: number): string => `${ciId}|${revision.toString().padStart(10, '0')}`;

export const CI_HISTORY_COLLECTION: CollectionDefinition = { name: CI_HISTORY_KEY, indexes: [{ fields: ['ciId'] }, { fields: ['relatedCiId'] }] };

type CiFact = DomainRecordedEvent<ConfigurationItemEvent>;

export const ciHistoryProjection: Projection<ConfigurationItemEvent, CiTimelineEntryDocument> = {
  ...CI_HISTORY,
  collection: CI_HISTORY_COLLECTION,
  streamPrefixes: [CI_STREAM_PREFIX],
  handles: CI_EVENT_TYPES,
  documentIds: (event) => [ciTimelineEntryId(event.data.ciId, event.revision)],
  // A fact is recorded once; one already kept is kept as it is.
  evolve: (document, event) => document ?? timelineEntry(event),
};

function timelineEntry(event: CiFact): Omit<CiTimelineEntryDocument, '_position'> {
  const relationship = event.type === 'ConfigurationItemRelationshipAdded' || event.type === 'ConfigurationItemRelationshipRemoved';
  return {
    id: ciTimelineEntryId(event.data.ciId, event.revision),
    ciId: event.data.ciId,
    revision: event.revision,
    type: event.type,
    data: event.data,
    occurredAt: event.metadata.occurredAt,
    relatedCiId: relationship ? event.data.targetCiId : null,
  };
}
