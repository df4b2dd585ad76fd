import {
  CHANGE_EVENT_TYPES,
  CHANGE_STREAM_PREFIX,
  assertNever,
  type ChangeEvent,
  type ChangeImplementationStarted,
  type ChangeRaised,
} from '@itsm/domain';
import type { DomainRecordedEvent, Projection } from '../projection';
import { CHANGE_RECORDS, CHANGE_RECORDS_COLLECTION, type ChangeRecordDocument, type RetrospectiveView } from './change-record-document';
import { changesNamed, recordedByOther } from './conflicts-recorded-by-others';

type ChangeFact = DomainRecordedEvent<ChangeEvent>;
type RecordDoc = Omit<ChangeRecordDocument, '_position'>;

export const changeRecordProjection: Projection<ChangeEvent, ChangeRecordDocument> = {
  ...CHANGE_RECORDS,
  collection: CHANGE_RECORDS_COLLECTION,
  streamPrefixes: [CHANGE_STREAM_PREFIX],
  handles: CHANGE_EVENT_TYPES,
  // A schedule also touches the changes it conflicts with: their records show the conflict too.
  documentIds: (event) => (event.type === 'ChangeScheduled' ? [event.data.changeId, ...changesNamed(event.data)] : [event.data.changeId]),
  evolve: evolveChangeRecord,
};

export function evolveChangeRecord(record: ChangeRecordDocument | null, event: ChangeFact, documentId = event.data.changeId): RecordDoc | null {
  if (event.type === 'ChangeRaised') return record ?? raised(event.data, event.metadata.occurredAt, event.revision);
  // Terminal records are kept as they were: they carry the position guard against re-delivery.
  if (record === null || record.status === 'closed' || record.status === 'cancelled') return record;
  if (documentId !== event.data.changeId) return event.type === 'ChangeScheduled' ? recordedByOther(record, event.data) : record;
  const { actor, occurredAt } = event.metadata;
  return { ...applyFact(record, event), updatedAt: occurredAt, updatedBy: actor, revision: event.revision };
}

function raised(data: ChangeRaised['data'], at: string, revision: number): RecordDoc {
  const { changeId, changeType, requester, assignee, template, contentHash } = data;
  const { title, justification, implementationPlan, backoutPlan, testPlan, window, affectedCiIds } = data;
  return {
    id: changeId, number: data.number ?? null, changeType, status: 'draft', title, justification, implementationPlan, backoutPlan, testPlan, window,
    affectedCiIds, requester, assignee, template, contentHash, risk: null, approvalRule: null, currentApprovers: [],
    approvalTimelineCount: 0, scheduledWindow: null, conflicts: [], conflictsRecordedByOthers: [], blackoutOverride: false,
    retrospective: null, outcome: null, reviews: [], cancellationReason: null, raisedAt: at, updatedAt: at, updatedBy: requester, revision,
  };
}

function applyFact(record: RecordDoc, event: Exclude<ChangeFact, { type: 'ChangeRaised' }>): RecordDoc {
  const at = event.metadata.occurredAt;
  // The lines themselves are the approval-timeline read model; the record only counts them.
  const approvalTimelineCount = record.approvalTimelineCount + 1;
  switch (event.type) {
    case 'ChangeUpdated':
      return { ...record, ...event.data.changes, contentHash: event.data.contentHash };
    case 'ChangeAssigned':
      return { ...record, assignee: event.data.assignee };
    case 'ChangeAssessed': {
      const { risk, riskScore, riskInputs, riskPolicyVersion, approvalRule, approvalPolicyVersion } = event.data;
      const view = { level: risk, score: riskScore, inputs: riskInputs, riskPolicyVersion, approvalPolicyVersion, assessedAt: at };
      return { ...record, status: 'awaiting_authorization', risk: view, approvalRule, currentApprovers: [] };
    }
    case 'ChangeApproved':
      return { ...record, currentApprovers: [...record.currentApprovers, event.data.approver], approvalTimelineCount };
    case 'ChangeRejected':
      return { ...record, status: 'draft', currentApprovers: [], approvalTimelineCount };
    case 'ChangeAuthorized':
      return { ...record, status: 'authorized', approvalTimelineCount };
    case 'ApprovalsInvalidated': {
      const status = record.status === 'draft' ? 'draft' : 'awaiting_authorization';
      return { ...record, status, currentApprovers: [], approvalTimelineCount };
    }
    case 'ChangeScheduled': {
      const { window, conflicts, blackoutOverride } = event.data;
      return { ...record, status: 'scheduled', scheduledWindow: window, conflicts, blackoutOverride };
    }
    case 'ChangeUnscheduled':
      // Back to authorized, as in the domain; an invalidation recorded after it asks the approvers again.
      return { ...record, status: 'authorized', scheduledWindow: null, conflicts: [], blackoutOverride: false };
    case 'ChangeImplementationStarted':
      return { ...record, status: 'implementing', retrospective: retrospectiveOf(event.data, at) };
    case 'ChangeImplementationCompleted': {
      const { outcome, backoutPerformed, notes } = event.data;
      return { ...record, status: 'in_review', outcome: { result: outcome, backoutPerformed, notes } };
    }
    case 'ChangeReviewed': {
      const { reviewer, result, notes } = event.data;
      return { ...record, reviews: [...record.reviews, { kind: 'post_implementation', reviewer, at, result, notes }] };
    }
    case 'ChangeRetrospectiveReviewRecorded': {
      const { reviewer, outcome, notes } = event.data;
      const reviews = [...record.reviews, { kind: 'retrospective' as const, reviewer, at, result: outcome, notes }];
      // Why it was required stays: only the review is no longer awaited.
      const retrospective = { ...(record.retrospective ?? NOT_FLAGGED), retrospectiveReviewRequired: false, reviewedAt: at };
      return { ...record, reviews, retrospective };
    }
    case 'ChangeClosed':
      return { ...record, status: 'closed' };
    case 'ChangeCancelled':
      return { ...record, status: 'cancelled', cancellationReason: event.data.reason };
    default:
      return assertNever(event);
  }
}

const NOT_FLAGGED: RetrospectiveView = { retrospectiveReviewRequired: false, flagReasons: [], reviewerGroup: null, flaggedAt: null, reviewedAt: null };

function retrospectiveOf(data: ChangeImplementationStarted['data'], at: string): RetrospectiveView {
  if (!data.retrospectiveReviewRequired) return NOT_FLAGGED;
  const { flagReasons, reviewerGroup } = data;
  return { retrospectiveReviewRequired: true, flagReasons, reviewerGroup, flaggedAt: at, reviewedAt: null };
}
