import { approvalRuleFor, type ApprovalRule } from './approval-policy';
import type { AssessChange, AssessmentRequest } from './change-commands';
import { changeError, changeFields } from './change-errors';
import type { ChangeAssessed, ChangeDetails, ChangeEvent } from './change-events';
import { requireNow } from './change-guards';
import type { ChangeFacts, DraftChange } from './change-state';
import { changeContentHash } from './content-hash';
import { assessRisk, SERVICE_CRITICALITIES, type AffectedService, type RiskInputs } from './risk';

const HOUR_MS = 3_600_000;

export function assess(command: AssessChange, change: DraftChange): readonly ChangeEvent[] {
  return [assessment(change, change.details, command.data, command.context.now)];
}

/**
 * The risk of these details, computed now, and the approval rule it selects. Used when a draft is
 * assessed and when an assessed change's risk inputs (window, CIs) are edited.
 */
export function assessment(
  change: Pick<ChangeFacts, 'changeId' | 'changeType'>,
  details: ChangeDetails,
  request: AssessmentRequest,
  now: string,
): ChangeAssessed {
  const riskInputs = requireRiskInputs(request, details, requireNow(now));
  const { riskPolicy, approvalPolicy } = request;
  const riskPolicyVersion = changeFields.requireText('riskPolicy.version', riskPolicy?.version);
  const approvalPolicyVersion = changeFields.requireText('approvalPolicy.version', approvalPolicy?.version);
  const { level: risk, score: riskScore } = assessRisk(riskInputs, riskPolicy);
  // Only normal and emergency changes are assessed: a standard change is authorized when raised.
  const changeType = change.changeType === 'emergency' ? 'emergency' : 'normal';
  const approvalRule = requireRule(approvalRuleFor(approvalPolicy, changeType, risk));
  const contentHash = changeContentHash(details);
  const data = { changeId: change.changeId, risk, riskScore, riskInputs, riskPolicyVersion };
  return { type: 'ChangeAssessed', data: { ...data, approvalRule, approvalPolicyVersion, contentHash } };
}

function requireRiskInputs(request: AssessmentRequest, details: ChangeDetails, nowMs: number): RiskInputs {
  const { affectedServices, pastChanges } = request;
  if (!Array.isArray(affectedServices)) {
    throw changeError('change.invalid_field', 'affectedServices must be a list', { field: 'affectedServices' });
  }
  const total = changeFields.requireCount('pastChanges.total', pastChanges?.total);
  const failed = changeFields.requireCount('pastChanges.failed', pastChanges?.failed);
  if (failed > total) {
    throw changeError('change.invalid_field', 'More past changes failed than were made', { field: 'pastChanges.failed' });
  }
  return {
    affectedServices: affectedServices.map(requireService),
    leadTimeHours: (Date.parse(details.window.start) - nowMs) / HOUR_MS,
    pastChanges: { total, failed },
    affectedCiCount: details.affectedCiIds.length,
  };
}

function requireService(service: AffectedService, index: number): AffectedService {
  return {
    serviceId: changeFields.requireText(`affectedServices[${index}].serviceId`, service?.serviceId),
    criticality: changeFields.requireOneOf(`affectedServices[${index}].criticality`, service?.criticality, SERVICE_CRITICALITIES),
  };
}

/** A rule asking for no one would authorize on nothing; one with no group could never be met. */
function requireRule(rule: ApprovalRule | undefined): ApprovalRule {
  const group = changeFields.requireText('approvalPolicy.rule.group', rule?.group);
  const required = rule?.required;
  if (typeof required !== 'number' || !Number.isInteger(required) || required < 1) {
    const field = 'approvalPolicy.rule.required';
    throw changeError('change.invalid_field', 'An approval rule needs at least one approver', { field });
  }
  return { group, required };
}
