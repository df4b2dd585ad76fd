import type {
  ApprovalRule,
  ChangeConflict,
  ChangeStatus,
  ChangeType,
  ImplementationOutcome,
  RetrospectiveFlag,
  RetrospectiveOutcome,
  ReviewResult,
  RiskInputs,
  RiskLevel,
  TemplateRef,
  TimeWindow,
} from '@itsm/domain';
import type { CollectionDefinition, StoredDocument } from '@itsm/read-store';
import { projectionKey } from '../shared/projection-key';

// Version 2: the approvals timeline moved out to its own paged read model (approval-timeline).
export const CHANGE_RECORDS = { name: 'change_records', version: 2 } as const;
export const CHANGE_RECORDS_KEY = projectionKey(CHANGE_RECORDS);

export interface ChangeRiskView {
  readonly level: RiskLevel;
  readonly score: number;
  readonly inputs: RiskInputs;
  readonly riskPolicyVersion: string;
  readonly approvalPolicyVersion: string;
  readonly assessedAt: string;
}

export interface ChangeReviewView {
  readonly kind: 'post_implementation' | 'retrospective';
  readonly reviewer: string;
  readonly at: string;
  readonly result: ReviewResult | RetrospectiveOutcome;
  readonly notes: string;
}

/**
 * Everything known about one change now; terminal changes stay as records. Its lists are bounded by
 * what was asked (affected CIs, approvers of the current content up to the rule's number, the
 * conflicts of the current schedule, at most one review of each kind); the approvals timeline, which
 * grows with every edit, is paged from the approval-timeline read model.
 */
export interface ChangeRecordDocument extends StoredDocument {
  readonly changeType: ChangeType;
  readonly status: Exclude<ChangeStatus, 'none'>;
  readonly title: string;
  readonly justification: string;
  readonly implementationPlan: string;
  readonly backoutPlan: string;
  readonly testPlan: string;
  readonly window: TimeWindow;
  readonly affectedCiIds: readonly string[];
  readonly requester: string;
  readonly assignee: string | null;
  readonly template: TemplateRef | null;
  readonly contentHash: string;
  readonly risk: ChangeRiskView | null;
  readonly approvalRule: ApprovalRule | null;
  /** Who approved the current content (emptied by an invalidation or a rejection). */
  readonly currentApprovers: readonly string[];
  /** How many lines the approvals timeline has (approvals, rejections, invalidations, authorizations). */
  readonly approvalTimelineCount: number;
  readonly scheduledWindow: TimeWindow | null;
  /** Replaced, not appended, each time the change is scheduled. */
  readonly conflicts: readonly ChangeConflict[];
  readonly blackoutOverride: boolean;
  readonly retrospective: RetrospectiveFlag | null;
  readonly outcome: { readonly result: ImplementationOutcome; readonly backoutPerformed: boolean | null; readonly notes: string } | null;
  /** At most a post-implementation review and a retrospective one: the domain records each once. */
  readonly reviews: readonly ChangeReviewView[];
  readonly cancellationReason: string | null;
  readonly raisedAt: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** The CAB agenda reads changes awaiting authorization, oldest first. */
export const CHANGE_RECORDS_COLLECTION: CollectionDefinition = {
  name: CHANGE_RECORDS_KEY,
  indexes: [{ fields: ['status', 'raisedAt'] }],
};
