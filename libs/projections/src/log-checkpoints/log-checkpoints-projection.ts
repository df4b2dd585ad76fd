import { LOG_CHECKPOINT_SIGNED, LOG_CHECKPOINTS_STREAM, parseCheckpoint, type LogCheckpoint } from '@itsm/event-store/port';
import type { Projection } from '../projection';
import { checkpointDocumentId, LOG_CHECKPOINTS, LOG_CHECKPOINTS_COLLECTION, type LogCheckpointDocument } from './log-checkpoint-document';

type CheckpointEvent = { readonly type: typeof LOG_CHECKPOINT_SIGNED; readonly data: LogCheckpoint };

export const logCheckpointsProjection: Projection<CheckpointEvent, LogCheckpointDocument> = {
  ...LOG_CHECKPOINTS,
  collection: LOG_CHECKPOINTS_COLLECTION,
  streamPrefixes: [LOG_CHECKPOINTS_STREAM],
  handles: [LOG_CHECKPOINT_SIGNED],
  documentIds: (event) => [checkpointDocumentId(event.data.sequence)],
  // The first copy of a checkpoint stands: one altered in the log later does not overwrite it.
  evolve: (document, event) => {
    if (document !== null) return document;
    const checkpoint = parseCheckpoint(event.data);
    // Not a checkpoint at all: nothing to keep (verification reports it from the log).
    if (typeof checkpoint === 'string') return null;
    return { id: checkpointDocumentId(checkpoint.sequence), checkpoint, sequence: checkpoint.sequence, recordedAt: event.position };
  },
};
