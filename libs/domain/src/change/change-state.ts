import type { ApprovalRule } from './approval-policy';
import type { ChangeDetails } from './change-events';
import type { RiskLevel } from './risk';
import type { TimeWindow } from './time-window';
import type {
  ChangeType,
  ImplementationOutcome,
  RetrospectiveFlag,
  ReviewResult,
  TemplateRef,
} from './change-vocabulary';

/** What decisions on a live change need, whatever its status. */
export interface ChangeFacts {
  readonly changeId: string;
  readonly changeType: ChangeType;
  readonly requester: string;
  readonly assignee: string | null;
  readonly details: ChangeDetails;
  readonly contentHash: string;
}

/** The recorded assessment: the approval rule stays fixed until the change is assessed again. */
export interface Assessment {
  readonly risk: RiskLevel;
  readonly riskScore: number;
  readonly riskPolicyVersion: string;
  readonly approvalRule: ApprovalRule;
  readonly approvalPolicyVersion: string;
}

/** Why the change may go ahead; approvals keep their assessment so an edit can ask the same rule again. */
export type Authorization =
  | { readonly basis: 'approvals'; readonly assessment: Assessment; readonly approvers: readonly string[] }
  | { readonly basis: 'standard_template'; readonly template: TemplateRef };

export type UnraisedChange = { readonly status: 'none' };
/** Being written (or reworked after a rejection); not assessed, so no approval rule yet. */
export type DraftChange = ChangeFacts & { readonly status: 'draft' };
/** Every approver listed approved the current content hash: an edit of the content empties the list. */
export type AwaitingAuthorizationChange = ChangeFacts & {
  readonly status: 'awaiting_authorization';
  readonly assessment: Assessment;
  readonly approvers: readonly string[];
};
export type AuthorizedChange = ChangeFacts & { readonly status: 'authorized'; readonly authorization: Authorization };
export type ScheduledChange = ChangeFacts & {
  readonly status: 'scheduled';
  readonly authorization: Authorization;
  readonly scheduledWindow: TimeWindow;
};
/**
 * Who carried out the work and who stood behind it, kept once work starts (when the approvals in
 * force are no longer part of the state) so that no one checks work they did, or does work they
 * approved (change-duties.ts).
 */
export interface Duties {
  /** The assignee when work started, and everyone assigned while it was under way. */
  readonly implementers: readonly string[];
  /** The approvers of the content the work started on, and the retrospective reviewer once recorded. */
  readonly authorizers: readonly string[];
}
export type ImplementingChange = ChangeFacts & Duties & { readonly status: 'implementing'; readonly retrospective: RetrospectiveFlag };
export type InReviewChange = ChangeFacts & Duties & {
  readonly status: 'in_review';
  readonly retrospective: RetrospectiveFlag;
  readonly outcome: ImplementationOutcome;
  readonly backoutPerformed: boolean | null;
  readonly review: { readonly result: ReviewResult; readonly reviewer: string } | null;
};
/** Terminal: nothing more can be decided, so nothing more is kept. */
export type ClosedChange = { readonly status: 'closed'; readonly changeId: string };
export type CancelledChange = { readonly status: 'cancelled'; readonly changeId: string };

export type ChangeState =
  | UnraisedChange
  | DraftChange
  | AwaitingAuthorizationChange
  | AuthorizedChange
  | ScheduledChange
  | ImplementingChange
  | InReviewChange
  | ClosedChange
  | CancelledChange;

export type ChangeStatus = ChangeState['status'];
/** Raised and not terminal. */
export type LiveChange =
  | DraftChange
  | AwaitingAuthorizationChange
  | AuthorizedChange
  | ScheduledChange
  | ImplementingChange
  | InReviewChange;
/** Live and not yet started: the content may still be edited, and the change cancelled. */
export type PlannedChange = DraftChange | AwaitingAuthorizationChange | AuthorizedChange | ScheduledChange;
/** Authorized, whether or not scheduled yet. */
export type ClearedChange = AuthorizedChange | ScheduledChange;

export const initialChangeState: ChangeState = { status: 'none' };

export function isLiveChange(state: ChangeState): state is LiveChange {
  return state.status !== 'none' && state.status !== 'closed' && state.status !== 'cancelled';
}

export function isPlannedChange(state: ChangeState): state is PlannedChange {
  return (
    state.status === 'draft' ||
    state.status === 'awaiting_authorization' ||
    state.status === 'authorized' ||
    state.status === 'scheduled'
  );
}

/** The facts of a live change, without its status or anything only one status carries. */
export function factsOf(change: LiveChange): ChangeFacts {
  const { changeId, changeType, requester, assignee, details, contentHash } = change;
  return { changeId, changeType, requester, assignee, details, contentHash };
}
