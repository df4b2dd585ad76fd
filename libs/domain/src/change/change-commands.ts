import type { CiStatuses } from '../configuration-item/ci-references';
import type { CommandContext } from '../shared/decider';
import type { ApprovalPolicy } from './approval-policy';
import type { ChangeConflict } from './conflicts';
import type { ChangeDetails } from './change-events';
import type { AffectedService, RiskInputs, RiskPolicy } from './risk';
import type { ImplementationOutcome, RetrospectiveOutcome, ReviewResult, StandardTemplate } from './change-vocabulary';

type Command<Type extends string, Data> = {
  readonly type: Type;
  readonly changeId: string;
  readonly data: Readonly<Data>;
  /** The actor is the requester when raising, and the approver or reviewer when deciding. */
  readonly context: CommandContext;
};

/** `ciStatuses`: the affected CIs' statuses, read from the log by the handler (see ci-references.ts). */
type Raised = Pick<ChangeDetails, 'title' | 'justification' | 'window' | 'affectedCiIds'> & {
  assignee?: string | null;
  ciStatuses?: CiStatuses;
  /** The number taken for the change by the handler (record-numbers.ts); none in specs that do not care. */
  number?: string | null;
};

/** A standard change takes its plans from the template; the others bring their own. */
export type RaiseChange = Command<'RaiseChange',
  | (Raised & { changeType: 'normal' | 'emergency' } & Pick<ChangeDetails, 'implementationPlan' | 'backoutPlan' | 'testPlan'>)
  | (Raised & { changeType: 'standard'; template: StandardTemplate })
>;

/**
 * What the handler looks up for a risk assessment, and the policies in force. The lead time and
 * the CI count are not here: the decider derives them from the window, `now` and the CIs it holds.
 */
export interface AssessmentRequest {
  readonly affectedServices: readonly AffectedService[];
  readonly pastChanges: RiskInputs['pastChanges'];
  readonly riskPolicy: RiskPolicy;
  readonly approvalPolicy: ApprovalPolicy;
}

/**
 * Names only what changes. `reassessment` is required when the window or affected CIs of an
 * assessed change move, because they are risk inputs: the risk, and so the rule, are computed again.
 */
export type UpdateChange = Command<'UpdateChange', Partial<ChangeDetails> & { reassessment?: AssessmentRequest; ciStatuses?: CiStatuses }>;
export type AssignChange = Command<'AssignChange', { assignee: string }>;
export type AssessChange = Command<'AssessChange', AssessmentRequest>;

/** `contentHash` is the content the approver was shown; `approverGroups` come from their token. */
export type ApproveChange = Command<'ApproveChange', {
  contentHash: string;
  comment?: string | null;
  approverGroups: readonly string[];
}>;
export type RejectChange = Command<'RejectChange', { contentHash: string; comment: string; approverGroups: readonly string[] }>;

/** `conflicts` as computed by detectConflicts over the read models, for this window. */
export type ScheduleChange = Command<'ScheduleChange', { window: ChangeDetails['window']; conflicts: readonly ChangeConflict[] }>;
export type StartImplementation = Command<'StartImplementation', Record<string, never>>;
export type CompleteImplementation = Command<'CompleteImplementation', {
  outcome: ImplementationOutcome;
  /** Required when the implementation failed. */
  backoutPerformed?: boolean;
  notes: string;
}>;
export type RecordReview = Command<'RecordReview', { result: ReviewResult; notes: string }>;
export type RecordRetrospectiveReview = Command<'RecordRetrospectiveReview', {
  outcome: RetrospectiveOutcome;
  notes: string;
  reviewerGroups: readonly string[];
}>;
export type CloseChange = Command<'CloseChange', Record<string, never>>;
export type CancelChange = Command<'CancelChange', { reason: string }>;

export type ChangeCommand =
  | RaiseChange
  | UpdateChange
  | AssignChange
  | AssessChange
  | ApproveChange
  | RejectChange
  | ScheduleChange
  | StartImplementation
  | CompleteImplementation
  | RecordReview
  | RecordRetrospectiveReview
  | CloseChange
  | CancelChange;

export type ChangeCommandType = ChangeCommand['type'];
