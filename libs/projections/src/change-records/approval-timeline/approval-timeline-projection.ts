import { CHANGE_STREAM_PREFIX, type ChangeEvent } from '@itsm/domain';
import type { DomainRecordedEvent, Projection } from '../../projection';
import {
  CHANGE_APPROVALS,
  CHANGE_APPROVALS_COLLECTION,
  approvalLineId,
  type ApprovalLineDocument,
} from './approval-line-document';

type ChangeFact = DomainRecordedEvent<ChangeEvent>;
type Line = Omit<ApprovalLineDocument, '_position'>;
type LineFields = Omit<Line, 'id' | 'changeId' | 'at' | 'revision'>;

export const approvalTimelineProjection: Projection<ChangeEvent, ApprovalLineDocument> = {
  ...CHANGE_APPROVALS,
  collection: CHANGE_APPROVALS_COLLECTION,
  streamPrefixes: [CHANGE_STREAM_PREFIX],
  handles: ['ChangeApproved', 'ChangeRejected', 'ChangeAuthorized', 'ApprovalsInvalidated'],
  documentIds: (event) => [approvalLineId(event.data.changeId, event.revision)],
  evolve: evolveApprovalLine,
};

/** A line is a recorded fact: written once from its event, never changed after. */
export function evolveApprovalLine(line: ApprovalLineDocument | null, event: ChangeFact): Line | null {
  if (line !== null) return line;
  const fields = fieldsOf(event);
  if (fields === null) return null;
  const { changeId } = event.data;
  return { id: approvalLineId(changeId, event.revision), changeId, at: event.metadata.occurredAt, revision: event.revision, ...fields };
}

function fieldsOf(event: ChangeFact): LineFields | null {
  const actor = event.metadata.actor;
  switch (event.type) {
    case 'ChangeApproved': {
      const { approver, comment, contentHash, approvals, required } = event.data;
      return { kind: 'approved', actor: approver, comment, contentHash, approvals, required };
    }
    case 'ChangeRejected': {
      const { approver, comment, contentHash } = event.data;
      return { kind: 'rejected', actor: approver, comment, contentHash };
    }
    case 'ChangeAuthorized':
      return { kind: 'authorized', actor, comment: null, contentHash: event.data.contentHash, basis: event.data.basis };
    case 'ApprovalsInvalidated': {
      const { contentHash, previousContentHash, invalidatedApprovers } = event.data;
      return { kind: 'invalidated', actor, comment: null, contentHash, previousContentHash, invalidatedApprovers };
    }
    default:
      // Not a line of the timeline (the projection does not subscribe to the others).
      return null;
  }
}
