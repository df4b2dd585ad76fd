import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import { projectionKey } from '../../shared/projection-key';

export const CHANGE_CONFLICT_MENTIONS = { name: 'change_conflict_mentions', version: 1 } as const;
export const CHANGE_CONFLICT_MENTIONS_KEY = projectionKey(CHANGE_CONFLICT_MENTIONS);

/**
 * Another change's schedule named this change as a conflict. Only where that fact sits in the log
 * (the recording change's stream and revision): the fact itself is read from the log. It is what
 * a change's state as of a past instant needs to find, besides its own stream, the conflicts other
 * changes recorded against it then (conflicts-recorded-by-others.ts).
 */
export interface ConflictMentionDocument extends StoredDocument {
  /** The change named. */
  readonly changeId: string;
  /** The change whose schedule named it, and the revision of that ChangeScheduled. */
  readonly recordedBy: string;
  readonly revision: number;
  readonly occurredAt: string;
}

/** One per schedule naming the change: sorts in the recording change's stream order. */
export const conflictMentionId = (changeId: string, recordedBy: string, revision: number): string => `${changeId}|${recordedBy}|${revision.toString().padStart(10, '0')}`;

export const CHANGE_CONFLICT_MENTIONS_COLLECTION: CollectionDefinition = { name: CHANGE_CONFLICT_MENTIONS_KEY, indexes: [{ fields: ['changeId', '_position'] }] };
