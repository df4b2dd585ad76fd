import type { LogCheckpoint } from '@itsm/event-store/port';
import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import { projectionKey } from '../shared/projection-key';

export const LOG_CHECKPOINTS = { name: 'log_checkpoints', version: 1 } as const;
export const LOG_CHECKPOINTS_KEY = projectionKey(LOG_CHECKPOINTS);

/**
 * A copy of a signed checkpoint, kept beside the log: written once when the checkpoint passes and
 * never replaced, so the checkpoints stay known even if the log loses them (a cut-off end is found
 * by comparing the log with these copies). The id is the sequence, zero-padded, so ids sort in order.
 */
export interface LogCheckpointDocument extends StoredDocument {
  readonly checkpoint: LogCheckpoint;
  readonly sequence: number;
  /** Where the checkpoint's own event sits in the log. */
  readonly recordedAt: string;
}

export const checkpointDocumentId = (sequence: number): string => sequence.toString().padStart(12, '0');

export const LOG_CHECKPOINTS_COLLECTION: CollectionDefinition = { name: LOG_CHECKPOINTS_KEY, indexes: [{ fields: ['sequence'] }] };
