import { deciderSpec } from '../testing/decider-spec';
import { changeDecider } from './change-decider';
import type { ChangeDetails } from './change-events';
import {
  ASSESSMENT,
  HASH,
  HISTORIES,
  MANAGER,
  approveChange,
  authorizedBy,
  changeApproved,
  changeAssessed,
  changeRaised,
  command,
  event,
  hashOf,
  scheduled,
  standardAuthorized,
} from '../testing/change-fixtures';

const { given } = deciderSpec(changeDecider);

const NEW_WINDOW = { start: '2025-03-12T22:00:00.000Z', end: '2025-03-13T02:00:00.000Z' };
const partlyApproved = [changeRaised(), changeAssessed({ approvalRule: { group: 'cab', required: 2 } }), changeApproved('user:ada', 1, 2)];

const edit = (changes: Partial<ChangeDetails>, reassess = false) =>
  command('UpdateChange', { ...changes, ...(reassess ? { reassessment: ASSESSMENT } : {}) });
const updated = (changes: Partial<ChangeDetails>) =>
  event('ChangeUpdated', { changes, previousContentHash: HASH, contentHash: hashOf(changes) });
const invalidated = (changedFields: string[], changes: Partial<ChangeDetails>, invalidatedApprovers: string[], wasAuthorized: boolean) =>
  event('ApprovalsInvalidated', {
    reason: 'content_changed',
    changedFields: changedFields as never,
    previousContentHash: HASH,
    contentHash: hashOf(changes),
    invalidatedApprovers,
    wasAuthorized,
  });
/** The reassessment of the default inputs against edited details. */
const reassessed = (changes: Partial<ChangeDetails>, leadTimeHours = 181) =>
  changeAssessed({
    contentHash: hashOf(changes),
    riskInputs: { ...changeAssessed().data.riskInputs, leadTimeHours, affectedCiCount: (changes.affectedCiIds ?? ['x']).length },
  });

describe('Editing approved content withdraws the approvals and asks again', () => {
  describe.each([
    ['implementation plan', { implementationPlan: 'Upgrade in place.' }, 'implementationPlan'],
    ['backout plan', { backoutPlan: 'Restore last night’s backup.' }, 'backoutPlan'],
    ['test plan', { testPlan: 'Run the full payroll regression.' }, 'testPlan'],
  ] as const)('the %s', (_name, changes, field) => {
    it('with approvals below the threshold', () => {
      const state = given(partlyApproved)
        .when(edit(changes))
        .then([updated(changes), invalidated([field], changes, ['user:ada'], false)]);
      expect(state).toMatchObject({ status: 'awaiting_authorization', approvers: [], contentHash: hashOf(changes) });
    });

    it('after authorization: back to awaiting authorization under the same rule', () => {
      const state = given(HISTORIES.authorized)
        .when(edit(changes))
        .then([updated(changes), invalidated([field], changes, [MANAGER], true)]);
      expect(state).toMatchObject({
        status: 'awaiting_authorization',
        approvers: [],
        assessment: { approvalRule: { group: 'change-managers' } },
      });
    });

    it('after scheduling: the schedule goes too', () => {
      const unscheduled = event('ChangeUnscheduled', { reason: 'content_changed', changedFields: [field] });
      given(HISTORIES.scheduled)
        .when(edit(changes))
        .then([updated(changes), unscheduled, invalidated([field], changes, [MANAGER], true)]);
    });
  });

  describe.each([
    ['window', { window: NEW_WINDOW }, 'window', 229],
    ['affected CIs', { affectedCiIds: ['ci-payroll-db-01', 'ci-payroll-db-02'] }, 'affectedCiIds', 181],
  ] as const)('the %s (a risk input: assessed again)', (_name, changes, field, leadTimeHours) => {
    it('with approvals below the threshold', () => {
      given(partlyApproved)
        .when(edit(changes, true))
        .then([updated(changes), invalidated([field], changes, ['user:ada'], false), reassessed(changes, leadTimeHours)]);
    });

    it('after scheduling', () => {
      const unscheduled = event('ChangeUnscheduled', { reason: 'content_changed', changedFields: [field] });
      const state = given(HISTORIES.scheduled)
        .when(edit(changes, true))
        .then([updated(changes), unscheduled, invalidated([field], changes, [MANAGER], true), reassessed(changes, leadTimeHours)]);
      expect(state).toMatchObject({ status: 'awaiting_authorization', approvers: [] });
    });

    it('is refused without fresh risk inputs and policies', () => {
      const error = given(HISTORIES.authorized).when(edit(changes)).thenThrows('change.reassessment_required', 'not_allowed');
      expect(error.details).toEqual({ changedFields: [field] });
    });
  });

  it('picks the rule again from the new risk: adding CIs under critical services brings in the CAB', () => {
    const changes = { affectedCiIds: ['ci-payroll-db-01', 'ci-payroll-app-01'] };
    const reassessment = {
      ...ASSESSMENT,
      affectedServices: [{ serviceId: 'svc-pay', criticality: 'critical' as const }],
      pastChanges: { total: 10, failed: 1 },
    };
    const cmd = command('UpdateChange', { ...changes, reassessment });
    const [, , assessed] = changeDecider.decide(cmd, given(HISTORIES.authorized).state);
    expect(assessed?.data).toMatchObject({ risk: 'high', approvalRule: { group: 'cab', required: 2 } });
  });

  it('binds the new approvals to the new content: the old hash is refused, the new one accepted from the same approver', () => {
    const changes = { backoutPlan: 'Restore last night’s backup.' };
    const history = [...HISTORIES.authorized, updated(changes), invalidated(['backoutPlan'], changes, [MANAGER], true)];
    given(history).when(approveChange(MANAGER, ['change-managers'])).thenThrows('change.content_mismatch', 'conflict');
    given(history)
      .when(approveChange(MANAGER, ['change-managers'], { contentHash: hashOf(changes) }))
      .then([changeApproved(MANAGER, 1, 1, hashOf(changes)), authorizedBy([MANAGER], undefined, hashOf(changes))]);
  });

  it('records every content field that moved in one edit', () => {
    const changes = { testPlan: 'Full regression.', backoutPlan: 'Restore.' };
    given(HISTORIES.authorized)
      .when(edit(changes))
      .then([updated(changes), invalidated(['backoutPlan', 'testPlan'], changes, [MANAGER], true)]);
  });
});

describe('Edits that leave the approvals standing', () => {
  it.each([
    ['the title', { title: 'Payroll DB 16.2' }],
    ['the justification', { justification: 'CVE-2025-1234.' }],
  ])('%s: approvals bind the work, not its wording', (_case, changes) => {
    const state = given(HISTORIES.scheduled).when(edit(changes)).then([updated(changes)]);
    expect(state).toMatchObject({ status: 'scheduled' });
  });

  it('any edit of a draft: nothing is approved or assessed yet', () => {
    const changes = { window: NEW_WINDOW, backoutPlan: 'Restore.' };
    given(HISTORIES.draft).when(edit(changes)).then([updated(changes)]);
  });

  it('a plan edit while nobody has approved yet', () => {
    given(HISTORIES.awaiting_authorization).when(edit({ testPlan: 'More tests.' })).then([updated({ testPlan: 'More tests.' })]);
  });

  it('a window edit while nobody has approved yet is only assessed again', () => {
    const changes = { window: NEW_WINDOW };
    given(HISTORIES.awaiting_authorization).when(edit(changes, true)).then([updated(changes), reassessed(changes, 229)]);
  });
});

describe('Edits that are refused', () => {
  it.each([
    ['names nothing', {}],
    ['repeats the current values', { title: 'Upgrade the payroll database to 16.2', window: { ...HISTORIES.draft[0].data.window } }],
    ['lists the same CI set, with a duplicate', { affectedCiIds: ['ci-payroll-db-01', 'ci-payroll-db-01'] }],
  ])('when it %s', (_case, changes) => {
    given(HISTORIES.authorized).when(edit(changes)).thenThrows('change.nothing_to_update', 'not_allowed');
  });

  it.each(['title', 'implementationPlan'] as const)('when the %s is blank', (field) => {
    const error = given(HISTORIES.draft).when(edit({ [field]: '' })).thenThrows('change.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field });
  });

  it('when the new CIs include one never registered or retired', () => {
    const unknown = command('UpdateChange', { affectedCiIds: ['ci-payroll-db-01', 'ghost-ci'], ciStatuses: { 'ci-payroll-db-01': 'in_use' }, reassessment: ASSESSMENT });
    given(HISTORIES.draft).when(unknown).thenThrows('change.ci_unknown', 'not_allowed');
    const retired = command('UpdateChange', { affectedCiIds: ['ci-old'], ciStatuses: { 'ci-old': 'retired' } });
    given(HISTORIES.draft).when(retired).thenThrows('change.ci_retired', 'not_allowed');
  });

  it('when the window is invalid', () => {
    given(HISTORIES.draft)
      .when(edit({ window: { start: NEW_WINDOW.end, end: NEW_WINDOW.start } }))
      .thenThrows('change.invalid_window', 'not_allowed');
  });

  it.each([
    ['implementing', HISTORIES.implementing],
    ['in review', HISTORIES.in_review],
  ])('once the change is %s', (_case, history) => {
    given(history).when(edit({ title: 'Too late' })).thenThrows('change.implementation_started', 'conflict');
  });
});

describe('Editing a standard change', () => {
  const standard = [changeRaised('standard'), standardAuthorized];
  const standardHash = changeRaised('standard').data.contentHash;

  it.each(['implementationPlan', 'backoutPlan', 'testPlan'] as const)('refuses a new %s: the plans are the template’s', (field) => {
    const error = given(standard).when(edit({ [field]: 'Something else.' })).thenThrows('change.template_locked', 'not_allowed');
    expect(error.details).toEqual({ fields: [field] });
  });

  it('moves the window without asking anyone, and drops a schedule made for the old window', () => {
    const changes = { window: NEW_WINDOW };
    const contentHash = changeRaised('standard', changes).data.contentHash;
    const state = given([...standard, scheduled()])
      .when(edit(changes))
      .then([
        event('ChangeUpdated', { changes, previousContentHash: standardHash, contentHash }),
        event('ChangeUnscheduled', { reason: 'content_changed', changedFields: ['window'] }),
      ]);
    expect(state).toMatchObject({ status: 'authorized', authorization: { basis: 'standard_template' } });
  });
});

describe('Assigning a change', () => {
  it.each(['draft', 'authorized', 'implementing', 'in_review'] as const)('records the assignee when %s', (status) => {
    given(HISTORIES[status])
      .when(command('AssignChange', { assignee: 'user:linus' }))
      .then([event('ChangeAssigned', { assignee: 'user:linus', previousAssignee: null })]);
  });

  it('refuses a blank assignee, or the current one', () => {
    given(HISTORIES.draft).when(command('AssignChange', { assignee: '' })).thenThrows('change.invalid_field', 'not_allowed');
    const history = [...HISTORIES.draft, event('ChangeAssigned', { assignee: 'user:linus', previousAssignee: null })];
    given(history).when(command('AssignChange', { assignee: 'user:linus' })).thenThrows('change.nothing_to_update', 'not_allowed');
  });
});
