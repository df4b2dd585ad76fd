import { deciderSpec } from '../testing/decider-spec';
import { changeDecider } from './change-decider';
import type { RaiseChange } from './change-commands';
import { MAX_CIS_PER_COMMAND } from '../configuration-item/ci-references';
import {
  DETAILS,
  REQUESTER,
  TEMPLATE,
  WINDOW,
  changeRaised,
  command,
  hashOf,
  raiseChange,
  raiseStandard,
  standardAuthorized,
} from '../testing/change-fixtures';

const { given } = deciderSpec(changeDecider);

describe('Raising a normal or emergency change', () => {
  it.each(['normal', 'emergency'] as const)('records a %s change as a draft, with the actor as its requester', (changeType) => {
    const state = given([]).when(raiseChange(changeType)).then([changeRaised(changeType)]);
    expect(state).toEqual({
      status: 'draft',
      changeId: 'CHG0030001',
      changeType,
      requester: REQUESTER,
      assignee: null,
      details: DETAILS,
      contentHash: hashOf(),
    });
  });

  it('records the assignee named at raising', () => {
    given([]).when(raiseChange('normal', { assignee: 'user:linus' })).then([changeRaised('normal', { assignee: 'user:linus' })]);
  });

  it('records the affected CIs as a set: sorted, without duplicates', () => {
    const [raised] = changeDecider.decide(raiseChange('normal', { affectedCiIds: ['ci-b', 'ci-a', 'ci-b'] }), given([]).state);
    expect(raised?.data).toMatchObject({ affectedCiIds: ['ci-a', 'ci-b'], contentHash: hashOf({ affectedCiIds: ['ci-a', 'ci-b'] }) });
  });

  it('records the window in canonical UTC, so equal windows hash alike', () => {
    const window = { start: '2025-03-11T00:00:00+02:00', end: '2025-03-11T04:00+02:00' };
    const [raised] = changeDecider.decide(raiseChange('normal', { window }), given([]).state);
    expect(raised?.data).toMatchObject({ window: WINDOW, contentHash: hashOf() });
  });

  const texts = ['title', 'justification', 'implementationPlan', 'backoutPlan', 'testPlan'] as const;
  it.each(texts)('is refused when the %s is blank', (field) => {
    const error = given([]).when(raiseChange('normal', { [field]: '  ' })).thenThrows('change.invalid_field', 'not_allowed');
    expect(error.details).toMatchObject({ field });
  });

  it.each([
    ['no CIs', []],
    ['a blank CI id', ['ci-a', ' ']],
  ])('is refused with %s', (_case, affectedCiIds) => {
    const error = given([]).when(raiseChange('normal', { affectedCiIds })).thenThrows('change.invalid_field', 'not_allowed');
    expect(error.details).toMatchObject({ field: expect.stringMatching(/^affectedCiIds/) });
  });

  describe('names only configuration items the log knows and that are not retired', () => {
    it('refuses a CI never registered, naming the field and the CI (a typo would otherwise be assessed as harmless)', () => {
      const cmd = raiseChange('normal', { affectedCiIds: ['ci-payroll-db-01', 'ghost-ci'], ciStatuses: { 'ci-payroll-db-01': 'in_use' } });
      const error = given([]).when(cmd).thenThrows('change.ci_unknown', 'not_allowed');
      expect(error.details).toEqual({ field: 'affectedCiIds', ciId: 'ghost-ci' });
    });

    it('refuses a retired CI', () => {
      given([]).when(raiseChange('normal', { ciStatuses: { 'ci-payroll-db-01': 'retired' } })).thenThrows('change.ci_retired', 'not_allowed');
    });

    it('accepts planned and maintenance CIs', () => {
      const cmd = raiseChange('normal', { affectedCiIds: ['ci-a', 'ci-b'], ciStatuses: { 'ci-a': 'planned', 'ci-b': 'maintenance' } });
      expect(changeDecider.decide(cmd, given([]).state)).toHaveLength(1);
    });

    it('refuses more than MAX_CIS_PER_COMMAND CIs, before looking any up', () => {
      const many = Array.from({ length: MAX_CIS_PER_COMMAND + 1 }, (_, i) => `ci-${i}`);
      const error = given([]).when(raiseChange('normal', { affectedCiIds: many })).thenThrows('change.too_many_cis', 'not_allowed');
      expect(error.details).toEqual({ field: 'affectedCiIds', max: MAX_CIS_PER_COMMAND });
      expect(changeDecider.decide(raiseChange('normal', { affectedCiIds: many.slice(1) }), given([]).state)).toHaveLength(1);
      // Counted as a set, as they are recorded: a duplicate does not count twice.
      expect(changeDecider.decide(raiseChange('normal', { affectedCiIds: [...many.slice(1), 'ci-1'] }), given([]).state)).toHaveLength(1);
    });
  });

  it('is refused when the change type is unknown', () => {
    const cmd = { ...raiseChange(), data: { ...raiseChange().data, changeType: 'urgent' } } as unknown as RaiseChange;
    given([]).when(cmd).thenThrows('change.invalid_field', 'not_allowed');
  });

  it.each([
    ['ends when it starts', { start: WINDOW.start, end: WINDOW.start }],
    ['ends before it starts', { start: WINDOW.end, end: WINDOW.start }],
    ['has no time zone (local time would differ between machines)', { start: '2025-03-10T22:00:00', end: '2025-03-11T02:00:00' }],
    ['is not a date', { start: 'next monday', end: WINDOW.end }],
    ['is missing', undefined],
  ])('is refused when the window %s', (_case, window) => {
    const cmd = raiseChange('normal', { window: window as never });
    const error = given([]).when(cmd).thenThrows('change.invalid_window', 'not_allowed');
    expect(error.details).toMatchObject({ field: 'window' });
  });
});

describe('Raising a standard change from its pre-approved template', () => {
  it('takes the plans from the template and is authorized at once, by the template, asking nobody', () => {
    const state = given([]).when(raiseStandard()).then([changeRaised('standard'), standardAuthorized]);
    expect(state).toMatchObject({
      status: 'authorized',
      changeType: 'standard',
      details: { ...DETAILS, ...TEMPLATE.content },
      authorization: { basis: 'standard_template', template: { templateId: 'tpl-patch-linux', templateVersion: 3 } },
    });
  });

  it('binds the authorization to the content raised', () => {
    const [raised, authorized] = changeDecider.decide(raiseStandard(), given([]).state);
    expect(authorized?.data).toMatchObject({ contentHash: (raised?.data as { contentHash: string }).contentHash });
  });

  it.each([
    ['a blank template id', { ...TEMPLATE, id: '' }, 'template.id'],
    ['a version that is not a whole number from 1', { ...TEMPLATE, version: 0 }, 'template.version'],
    [
      'a template without a backout plan',
      { ...TEMPLATE, content: { ...TEMPLATE.content, backoutPlan: '' } },
      'template.content.backoutPlan',
    ],
  ])('is refused with %s', (_case, template, field) => {
    const cmd = command('RaiseChange', { ...raiseStandard().data, template } as RaiseChange['data']);
    const error = given([]).when(cmd).thenThrows('change.invalid_field', 'not_allowed');
    expect(error.details).toMatchObject({ field });
  });

  it('is refused without a template', () => {
    const { template: _template, ...data } = raiseStandard().data as Extract<RaiseChange['data'], { changeType: 'standard' }>;
    given([]).when(command('RaiseChange', data as RaiseChange['data'])).thenThrows('change.invalid_field', 'not_allowed');
  });
});
