import type { ApprovalRule } from './approval-policy';
import type { ContentField } from './content-hash';
import type { ChangeConflict } from './conflicts';
import type { RiskInputs, RiskLevel } from './risk';
import type { TimeWindow } from './time-window';
import type {
  ChangeType,
  ImplementationOutcome,
  RetrospectiveFlag,
  RetrospectiveOutcome,
  ReviewResult,
  TemplateRef,
} from './change-vocabulary';

export const changeStream = (changeId: string): string => `change-${changeId}`;
export const CHANGE_STREAM_PREFIX = 'change-';

type Event<Type extends string, Data> = { readonly type: Type; readonly data: Readonly<Data> };

/** The fields a requester writes and may edit until implementation starts. */
export interface ChangeDetails {
  readonly title: string;
  readonly justification: string;
  readonly implementationPlan: string;
  readonly backoutPlan: string;
  readonly testPlan: string;
  readonly window: TimeWindow;
  /** Sorted, without duplicates. */
  readonly affectedCiIds: readonly string[];
}

/** The requester is the actor who raised it, copied from the context so the state can refuse self-approval. */
export type ChangeRaised = Event<'ChangeRaised', ChangeDetails & {
  changeId: string;
  changeType: ChangeType;
  requester: string;
  assignee: string | null;
  /** The template a standard change follows; null for normal and emergency changes. */
  template: TemplateRef | null;
  contentHash: string;
  /** The number people say (CHG0010001); absent before schema version 2. */
  number?: string | null;
}>;

/** Only the fields that changed, with the content hash before and after. */
export type ChangeUpdated = Event<'ChangeUpdated', {
  changeId: string;
  changes: Partial<ChangeDetails>;
  previousContentHash: string;
  contentHash: string;
}>;

export type ChangeAssigned = Event<'ChangeAssigned', { changeId: string; assignee: string; previousAssignee: string | null }>;

/** The risk with everything it came from, and the approval rule it selects, each with its policy version. */
export type ChangeAssessed = Event<'ChangeAssessed', {
  changeId: string;
  risk: RiskLevel;
  riskScore: number;
  riskInputs: RiskInputs;
  riskPolicyVersion: string;
  approvalRule: ApprovalRule;
  approvalPolicyVersion: string;
  contentHash: string;
}>;

export type ChangeApproved = Event<'ChangeApproved', {
  changeId: string;
  approver: string;
  comment: string | null;
  /** What the approver saw and approved. */
  contentHash: string;
  /** Approvals of this content so far, this one included, and how many the rule needs. */
  approvals: number;
  required: number;
}>;

/** A rejection by any eligible approver is a veto: the change returns to draft for rework. */
export type ChangeRejected = Event<'ChangeRejected', {
  changeId: string;
  approver: string;
  comment: string;
  contentHash: string;
}>;

export type ChangeAuthorized = Event<'ChangeAuthorized', { changeId: string; contentHash: string } & (
  | { basis: 'approvals'; approvers: readonly string[]; approvalRule: ApprovalRule; approvalPolicyVersion: string }
  | { basis: 'standard_template'; template: TemplateRef }
)>;

/** An edit of approved content: the approvals (and any authorization) no longer hold; approvers are asked again. */
export type ApprovalsInvalidated = Event<'ApprovalsInvalidated', {
  changeId: string;
  reason: 'content_changed';
  changedFields: readonly ContentField[];
  previousContentHash: string;
  contentHash: string;
  invalidatedApprovers: readonly string[];
  wasAuthorized: boolean;
}>;

/** The conflicts found are recorded, not refused (except blackouts), so the CAB sees what was known. */
export type ChangeScheduled = Event<'ChangeScheduled', {
  changeId: string;
  window: TimeWindow;
  conflicts: readonly ChangeConflict[];
  /** True when an emergency change was scheduled into a blackout window. */
  blackoutOverride: boolean;
}>;

/** An edit of the window, CIs or plans of a scheduled change: the recorded conflicts no longer describe it. */
export type ChangeUnscheduled = Event<'ChangeUnscheduled', {
  changeId: string;
  reason: 'content_changed';
  changedFields: readonly ContentField[];
}>;

export type ChangeImplementationStarted = Event<'ChangeImplementationStarted', { changeId: string } & RetrospectiveFlag>;

export type ChangeImplementationCompleted = Event<'ChangeImplementationCompleted', {
  changeId: string;
  outcome: ImplementationOutcome;
  /** Whether the backout plan was carried out; null when the implementation succeeded. */
  backoutPerformed: boolean | null;
  notes: string;
}>;

export type ChangeReviewed = Event<'ChangeReviewed', { changeId: string; reviewer: string; result: ReviewResult; notes: string }>;

export type ChangeRetrospectiveReviewRecorded = Event<'ChangeRetrospectiveReviewRecorded', {
  changeId: string;
  reviewer: string;
  outcome: RetrospectiveOutcome;
  notes: string;
}>;

export type ChangeClosed = Event<'ChangeClosed', { changeId: string }>;
export type ChangeCancelled = Event<'ChangeCancelled', { changeId: string; reason: string }>;

export type ChangeEvent =
  | ChangeRaised
  | ChangeUpdated
  | ChangeAssigned
  | ChangeAssessed
  | ChangeApproved
  | ChangeRejected
  | ChangeAuthorized
  | ApprovalsInvalidated
  | ChangeScheduled
  | ChangeUnscheduled
  | ChangeImplementationStarted
  | ChangeImplementationCompleted
  | ChangeReviewed
  | ChangeRetrospectiveReviewRecorded
  | ChangeClosed
  | ChangeCancelled;

export type ChangeEventType = ChangeEvent['type'];

export const CHANGE_EVENT_TYPES: readonly ChangeEventType[] = [
  'ChangeRaised',
  'ChangeUpdated',
  'ChangeAssigned',
  'ChangeAssessed',
  'ChangeApproved',
  'ChangeRejected',
  'ChangeAuthorized',
  'ApprovalsInvalidated',
  'ChangeScheduled',
  'ChangeUnscheduled',
  'ChangeImplementationStarted',
  'ChangeImplementationCompleted',
  'ChangeReviewed',
  'ChangeRetrospectiveReviewRecorded',
  'ChangeClosed',
  'ChangeCancelled',
];

/**
 * Bumped when the shape of an event's data changes; recorded in metadata.
 * 2: ChangeRaised carries the change's number.
 */
export const CHANGE_EVENT_SCHEMA_VERSION = 2;
