import { CHANGE_STREAM_PREFIX, type ChangeScheduled } from '@itsm/domain';
import type { DomainRecordedEvent, Projection } from '../../projection';
import { changesNamed } from '../conflicts-recorded-by-others';
import { CHANGE_CONFLICT_MENTIONS, CHANGE_CONFLICT_MENTIONS_COLLECTION, conflictMentionId, type ConflictMentionDocument } from './conflict-mention-document';

type Scheduled = DomainRecordedEvent<ChangeScheduled>;

export const conflictMentionsProjection: Projection<ChangeScheduled, ConflictMentionDocument> = {
  ...CHANGE_CONFLICT_MENTIONS,
  collection: CHANGE_CONFLICT_MENTIONS_COLLECTION,
  streamPrefixes: [CHANGE_STREAM_PREFIX],
  handles: ['ChangeScheduled'],
  documentIds: (event) => changesNamed(event.data).map((named) => conflictMentionId(named, event.data.changeId, event.revision)),
  evolve: (mention, event, documentId) => mention ?? mentionOf(event, documentId),
};

/** Written once from the schedule; the document id says which of the named changes it is for. */
function mentionOf(event: Scheduled, documentId: string): Omit<ConflictMentionDocument, '_position'> {
  const changeId = documentId.slice(0, documentId.indexOf('|'));
  return { id: documentId, changeId, recordedBy: event.data.changeId, revision: event.revision, occurredAt: event.metadata.occurredAt };
}
