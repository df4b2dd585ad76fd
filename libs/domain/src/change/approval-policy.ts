import type { RiskLevel } from './risk';

/** `required` distinct members of `group` must approve (N of the group's M members). */
export interface ApprovalRule {
  readonly group: string;
  readonly required: number;
}

/**
 * Who must approve, per change type and risk: versioned policy data supplied in the command, and
 * the rule chosen is recorded at assessment, so later policy edits do not move the goalposts of a
 * change already asking. Standard changes have no rule: their template was approved once, beforehand.
 */
export interface ApprovalPolicy {
  readonly version: string;
  readonly normal: Readonly<Record<RiskLevel, ApprovalRule>>;
  /** The emergency CAB: a reduced rule, whatever the risk, so authorization is fast. */
  readonly emergency: ApprovalRule;
}

export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  version: 'change-approval-2025.1',
  normal: {
    low: { group: 'change-managers', required: 1 },
    moderate: { group: 'change-managers', required: 1 },
    high: { group: 'cab', required: 2 },
    very_high: { group: 'cab', required: 3 },
  },
  emergency: { group: 'ecab', required: 1 },
};

export function approvalRuleFor(policy: ApprovalPolicy, changeType: 'normal' | 'emergency', risk: RiskLevel): ApprovalRule {
  return changeType === 'emergency' ? policy.emergency : policy.normal[risk];
}
