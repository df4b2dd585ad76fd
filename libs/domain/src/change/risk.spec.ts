import { DEFAULT_APPROVAL_POLICY, approvalRuleFor } from './approval-policy';
import { DEFAULT_RISK_POLICY, assessRisk, failureRate, type RiskInputs, type RiskPolicy } from './risk';

const quiet: RiskInputs = {
  affectedServices: [{ serviceId: 'svc-wiki', criticality: 'low' }],
  leadTimeHours: 200,
  pastChanges: { total: 20, failed: 0 },
  affectedCiCount: 1,
};

const risk = (inputs: Partial<RiskInputs>, policy: RiskPolicy = DEFAULT_RISK_POLICY) => assessRisk({ ...quiet, ...inputs }, policy);

describe('Risk of a change (default policy)', () => {
  it('is low when nothing points to risk', () => {
    expect(risk({})).toEqual({ level: 'low', score: 0 });
  });

  it.each([
    ['low', 0],
    ['medium', 1],
    ['high', 2],
    ['critical', 3],
  ] as const)('counts the most critical affected service: %s adds %i', (criticality, score) => {
    const affectedServices = [
      { serviceId: 'svc-wiki', criticality: 'low' as const },
      { serviceId: 'svc-x', criticality },
    ];
    expect(risk({ affectedServices }).score).toBe(score);
  });

  it('counts no services as no criticality', () => {
    expect(risk({ affectedServices: [] }).score).toBe(0);
  });

  it.each([
    [200, 0],
    [72, 0],
    [71.9, 1],
    [24, 1],
    [23.5, 2],
    [-3, 2],
  ])('counts a lead time of %p hours as %i', (leadTimeHours, score) => {
    expect(risk({ leadTimeHours }).score).toBe(score);
  });

  it.each([
    [{ total: 0, failed: 0 }, 0],
    [{ total: 20, failed: 1 }, 0],
    [{ total: 10, failed: 1 }, 1],
    [{ total: 8, failed: 2 }, 2],
  ])('counts past failures %p as %i', (pastChanges, score) => {
    expect(risk({ pastChanges }).score).toBe(score);
  });

  it.each([
    [4, 0],
    [5, 1],
    [19, 1],
    [20, 2],
  ])('counts %i affected CIs as %i', (affectedCiCount, score) => {
    expect(risk({ affectedCiCount }).score).toBe(score);
  });

  it('treats a CI never changed before as no evidence of failure', () => {
    expect(failureRate({ total: 0, failed: 0 })).toBe(0);
  });

  describe('each input alone moves the level from moderate to high', () => {
    // 1 (medium service) + 1 (48 h lead time) + 1 (10 % failures) = 3, one short of high.
    const justModerate: Partial<RiskInputs> = {
      affectedServices: [{ serviceId: 's', criticality: 'medium' }],
      leadTimeHours: 48,
      pastChanges: { total: 10, failed: 1 },
    };
    it.each([
      ['criticality', { affectedServices: [{ serviceId: 's', criticality: 'high' as const }] }],
      ['lead time', { leadTimeHours: 2 }],
      ['failure rate', { pastChanges: { total: 4, failed: 1 } }],
      ['affected CIs', { affectedCiCount: 5 }],
    ])('%s', (_input, raised) => {
      expect(risk(justModerate)).toEqual({ level: 'moderate', score: 3 });
      expect(risk({ ...justModerate, ...raised })).toEqual({ level: 'high', score: 4 });
    });
  });

  it.each([
    [1, 'low'],
    [2, 'moderate'],
    [3, 'moderate'],
    [4, 'high'],
    [5, 'high'],
    [6, 'very_high'],
    [9, 'very_high'],
  ] as const)('gives level by score: %i is %s', (score, level) => {
    // Score built from CI count alone, on a policy that counts one point per CI.
    const onePointPerCi = Array.from({ length: 10 }, (_, i) => ({ atLeast: i + 1, points: i + 1 }));
    const perCi: RiskPolicy = { ...DEFAULT_RISK_POLICY, affectedCis: onePointPerCi };
    expect(risk({ affectedCiCount: score }, perCi)).toEqual({ level, score });
  });

  it('follows whichever policy it is given', () => {
    const strict: RiskPolicy = { ...DEFAULT_RISK_POLICY, version: 'strict', levelFrom: { moderate: 1, high: 2, very_high: 3 } };
    expect(risk({ leadTimeHours: 30 }).level).toBe('low');
    expect(risk({ leadTimeHours: 30 }, strict).level).toBe('moderate');
  });
});

describe('Approval rule by type and risk (default policy)', () => {
  it.each([
    ['low', 'change-managers', 1],
    ['moderate', 'change-managers', 1],
    ['high', 'cab', 2],
    ['very_high', 'cab', 3],
  ] as const)('a normal change of %s risk needs %s × %i', (level, group, required) => {
    expect(approvalRuleFor(DEFAULT_APPROVAL_POLICY, 'normal', level)).toEqual({ group, required });
  });

  it.each(['low', 'very_high'] as const)('an emergency change needs one ECAB member, even at %s risk', (level) => {
    expect(approvalRuleFor(DEFAULT_APPROVAL_POLICY, 'emergency', level)).toEqual({ group: 'ecab', required: 1 });
  });
});
