import { deciderSpec } from '../testing/decider-spec';
import { changeDecider } from './change-decider';
import type { ChangeEvent } from './change-events';
import { DEFAULT_APPROVAL_POLICY, type ApprovalPolicy } from './approval-policy';
import { DEFAULT_RISK_POLICY, type RiskPolicy } from './risk';
import {
  HISTORIES,
  MANAGER,
  assessChange,
  at,
  changeAssessed,
  changeRaised,
  standardAuthorized,
} from '../testing/change-fixtures';

const { given } = deciderSpec(changeDecider);

const askingNobody: ApprovalPolicy = {
  ...DEFAULT_APPROVAL_POLICY,
  normal: { ...DEFAULT_APPROVAL_POLICY.normal, low: { group: 'change-managers', required: 0 } },
};

const riskOf = (history: readonly ChangeEvent[] = HISTORIES.draft, cmd = assessChange()) => {
  const [assessed] = changeDecider.decide(cmd, given(history).state);
  return assessed?.data as { risk: string; riskScore: number; approvalRule: unknown; riskInputs: { leadTimeHours: number } };
};

describe('Assessing a draft change', () => {
  it('records the risk, every input it came from, the rule it selects and both policy versions', () => {
    const state = given(HISTORIES.draft).when(assessChange()).then([changeAssessed()]);
    expect(state).toMatchObject({
      status: 'awaiting_authorization',
      approvers: [],
      assessment: {
        risk: 'low',
        riskScore: 0,
        riskPolicyVersion: 'change-risk-2025.1',
        approvalRule: { group: 'change-managers', required: 1 },
        approvalPolicyVersion: 'change-approval-2025.1',
      },
    });
  });

  it('derives the lead time from the window and the command time, not from a clock', () => {
    const dayBefore = assessChange({}, at(MANAGER, '2025-03-09T22:00:00.000Z'));
    expect(riskOf(HISTORIES.draft, dayBefore).riskInputs.leadTimeHours).toBe(24);
    expect(riskOf(HISTORIES.draft, dayBefore).riskScore).toBe(1);
  });

  it('counts the affected CIs the change holds', () => {
    const fiveCis = [changeRaised('normal', { affectedCiIds: ['a', 'b', 'c', 'd', 'e'] })];
    expect(riskOf(fiveCis)).toMatchObject({ riskScore: 1, riskInputs: { affectedCiCount: 5 } });
  });

  it.each([
    ['a critical service', { affectedServices: [{ serviceId: 'svc-pay', criticality: 'critical' as const }] }, 3],
    ['a history of failures', { pastChanges: { total: 4, failed: 2 } }, 2],
  ])('moves the risk with %s', (_case, inputs, riskScore) => {
    expect(riskOf(HISTORIES.draft, assessChange(inputs)).riskScore).toBe(riskScore);
  });

  it('selects the CAB rule for a high-risk normal change', () => {
    const inputs = { affectedServices: [{ serviceId: 'svc-pay', criticality: 'critical' as const }], pastChanges: { total: 10, failed: 1 } };
    expect(riskOf(HISTORIES.draft, assessChange(inputs))).toMatchObject({ risk: 'high', approvalRule: { group: 'cab', required: 2 } });
  });

  it('selects the emergency CAB for an emergency change, whatever the risk', () => {
    given([changeRaised('emergency')])
      .when(assessChange())
      .then([changeAssessed({ approvalRule: { group: 'ecab', required: 1 } })]);
  });

  it('prices by the policies the command carries, and records their versions', () => {
    const riskPolicy: RiskPolicy = { ...DEFAULT_RISK_POLICY, version: 'risk-strict', levelFrom: { moderate: 0, high: 9, very_high: 9 } };
    const approvalPolicy: ApprovalPolicy = {
      ...DEFAULT_APPROVAL_POLICY,
      version: 'approvals-2026',
      normal: { ...DEFAULT_APPROVAL_POLICY.normal, moderate: { group: 'platform-leads', required: 2 } },
    };
    given(HISTORIES.draft)
      .when(assessChange({ riskPolicy, approvalPolicy }))
      .then([
        changeAssessed({
          risk: 'moderate',
          riskPolicyVersion: 'risk-strict',
          approvalRule: { group: 'platform-leads', required: 2 },
          approvalPolicyVersion: 'approvals-2026',
        }),
      ]);
  });

  it.each([
    ['awaiting authorization', HISTORIES.awaiting_authorization],
    ['authorized', HISTORIES.authorized],
    ['a standard change (authorized by its template)', [changeRaised('standard'), standardAuthorized]],
  ])('is refused unless the change is a draft: %s', (_case, history) => {
    given(history).when(assessChange()).thenThrows('change.not_draft', 'conflict');
  });

  it.each([
    ['more failures than changes', { pastChanges: { total: 1, failed: 2 } }, 'pastChanges.failed'],
    ['a negative count', { pastChanges: { total: -1, failed: 0 } }, 'pastChanges.total'],
    ['a fractional count', { pastChanges: { total: 1.5, failed: 0 } }, 'pastChanges.total'],
    ['an unknown criticality', { affectedServices: [{ serviceId: 's', criticality: 'vital' }] }, 'affectedServices[0].criticality'],
    ['a service without id', { affectedServices: [{ serviceId: '', criticality: 'low' }] }, 'affectedServices[0].serviceId'],
    ['services that are not a list', { affectedServices: 'svc-pay' }, 'affectedServices'],
    ['a risk policy without version', { riskPolicy: { ...DEFAULT_RISK_POLICY, version: '' } }, 'riskPolicy.version'],
    ['an approval rule asking for nobody', { approvalPolicy: askingNobody }, 'approvalPolicy.rule.required'],
  ])('is refused with %s', (_case, inputs, field) => {
    const error = given(HISTORIES.draft).when(assessChange(inputs as never)).thenThrows('change.invalid_field', 'not_allowed');
    expect(error.details).toMatchObject({ field });
  });

  it('records a window that began before the assessment (22:00) as a negative lead time (the highest lead-time risk)', () => {
    const late = assessChange({}, at(MANAGER, '2025-03-11T00:00:00.000Z'));
    expect(riskOf(HISTORIES.draft, late)).toMatchObject({ riskScore: 2, riskInputs: { leadTimeHours: -2 } });
  });
});
