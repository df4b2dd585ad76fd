import type {
  ApprovalRule,
  ChangeConflict,
  ChangeStatus,
  ChangeToChangeConflict,
  ChangeType,
  FlagReason,
  ImplementationOutcome,
  RetrospectiveOutcome,
  ReviewResult,
  RiskInputs,
  RiskLevel,
  TemplateRef,
  TimeWindow,
} from '@itsm/domain';
import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import { projectionKey } from '../shared/projection-key';

// Version 2: the approvals timeline moved out to its own paged read model (approval-timeline).
// Version 3: conflicts recorded by other changes, the retrospective's reasons kept, the stream revision.
// Version 4: the change's number.
export const CHANGE_RECORDS = { name: 'change_records', version: 4 } as const;
export const CHANGE_RECORDS_KEY = projectionKey(CHANGE_RECORDS);

export interface ChangeRiskView {
  readonly level: RiskLevel;
  readonly score: number;
  readonly inputs: RiskInputs;
  readonly riskPolicyVersion: string;
  readonly approvalPolicyVersion: string;
  readonly assessedAt: string;
}

/**
 * Why an emergency start needed a retrospective review, and when, kept after the review so the
 * record still says why it was needed. An unflagged start has the same shape, with nothing in it.
 */
export interface RetrospectiveView {
  /** True until the retrospective review is recorded: what closure waits for. */
  readonly retrospectiveReviewRequired: boolean;
  /** The rules a normal change would have been refused for; empty when the start broke none. */
  readonly flagReasons: readonly FlagReason[];
  /** The group whose members may record the review (the emergency approval rule's). */
  readonly reviewerGroup: string | null;
  /** When the flagged start was recorded. */
  readonly flaggedAt: string | null;
  /** When the retrospective review was recorded (who and what: `reviews`). */
  readonly reviewedAt: string | null;
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
  /** The number people say (CHG0010001); null for a change raised before numbers were recorded. */
  readonly number: string | null;
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
  /** As this change's own schedule recorded them: replaced, not appended, each time it is scheduled. */
  readonly conflicts: readonly ChangeConflict[];
  /**
   * Conflicts that other changes' schedules recorded with this one, as this change sees them (the
   * other change, in its slot). A conflict is recorded once, by the change scheduled second; this
   * is its first side. Queries serve only those whose recording schedule still stands
   * (conflicts-recorded-by-others.ts); stored, one change's are replaced when it is scheduled again.
   */
  readonly conflictsRecordedByOthers: readonly ChangeToChangeConflict[];
  readonly blackoutOverride: boolean;
  /** Null until implementation starts. */
  readonly retrospective: RetrospectiveView | null;
  readonly outcome: { readonly result: ImplementationOutcome; readonly backoutPerformed: boolean | null; readonly notes: string } | null;
  /** At most a post-implementation review and a retrospective one: the domain records each once. */
  readonly reviews: readonly ChangeReviewView[];
  readonly cancellationReason: string | null;
  readonly raisedAt: string;
  /** When and by whom this change's own stream last changed (not another change naming it). */
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** Stream revision of the last event of this change applied: what a client sends back as the expected revision. */
  readonly revision: number;
}

/** The CAB agenda reads changes awaiting authorization, oldest first. */
export const CHANGE_RECORDS_COLLECTION: CollectionDefinition = {
  name: CHANGE_RECORDS_KEY,
  indexes: [{ fields: ['status', 'raisedAt'] }, { fields: ['number'] }],
};
