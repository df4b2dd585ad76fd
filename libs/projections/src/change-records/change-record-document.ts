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

export const CHANGE_RECORDS = { name: 'change_records', version: 1 } as const;
export const CHANGE_RECORDS_KEY = projectionKey(CHANGE_RECORDS);

export interface ChangeRiskView {
  readonly level: RiskLevel;
  readonly score: number;
  readonly inputs: RiskInputs;
  readonly riskPolicyVersion: string;
  readonly approvalPolicyVersion: string;
  readonly assessedAt: string;
}

/** One line of the approvals timeline: what auditors read to see who cleared which content, and when. */
export interface ApprovalTimelineEntry {
  readonly kind: 'approved' | 'rejected' | 'invalidated' | 'authorized';
  readonly actor: string;
  readonly at: string;
  readonly comment: string | null;
  readonly contentHash: string;
  /** For approvals: approvals of this content so far and how many the rule needs. */
  readonly approvals?: number;
  readonly required?: number;
  /** For invalidations: whose approvals were dropped and the hash they had approved. */
  readonly invalidatedApprovers?: readonly string[];
  readonly previousContentHash?: string;
  /** For authorizations: approvals or a standard template. */
  readonly basis?: 'approvals' | 'standard_template';
}

export interface ChangeReviewView {
  readonly kind: 'post_implementation' | 'retrospective';
  readonly reviewer: string;
  readonly at: string;
  readonly result: ReviewResult | RetrospectiveOutcome;
  readonly notes: string;
}

/** Everything known about one change, with its approvals timeline; terminal changes stay as records. */
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
  readonly approvals: readonly ApprovalTimelineEntry[];
  readonly scheduledWindow: TimeWindow | null;
  readonly conflicts: readonly ChangeConflict[];
  readonly blackoutOverride: boolean;
  readonly retrospective: RetrospectiveFlag | null;
  readonly outcome: { readonly result: ImplementationOutcome; readonly backoutPerformed: boolean | null; readonly notes: string } | null;
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
