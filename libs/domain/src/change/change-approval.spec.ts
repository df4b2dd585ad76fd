import { deciderSpec } from '../testing/decider-spec';
import { changeDecider } from './change-decider';
import {
  HASH,
  HISTORIES,
  MANAGER,
  REQUESTER,
  approveChange,
  assessChange,
  authorizedBy,
  changeApproved,
  changeAssessed,
  changeRaised,
  emergencyAssessed,
  event,
  hashOf,
  rejectChange,
  standardAuthorized,
} from '../testing/change-fixtures';

const { given } = deciderSpec(changeDecider);

const CAB_RULE = { group: 'cab', required: 2 };
const awaitingCab = [changeRaised(), changeAssessed({ risk: 'high', riskScore: 4, approvalRule: CAB_RULE })];
const CAB = ['cab', 'staff'];

describe('Approving a change', () => {
  it('authorizes a low-risk change on one approval from change-managers, bound to the content approved', () => {
    const state = given(HISTORIES.awaiting_authorization)
      .when(approveChange(MANAGER, ['change-managers'], { comment: 'Looks safe.' }))
      .then([
        event('ChangeApproved', { approver: MANAGER, comment: 'Looks safe.', contentHash: HASH, approvals: 1, required: 1 }),
        authorizedBy([MANAGER]),
      ]);
    expect(state).toMatchObject({ status: 'authorized', authorization: { basis: 'approvals', approvers: [MANAGER] } });
  });

  it('records a missing comment as null', () => {
    given(HISTORIES.awaiting_authorization)
      .when(approveChange(MANAGER, ['change-managers'], { comment: undefined }))
      .then([changeApproved(MANAGER), authorizedBy([MANAGER])]);
  });

  describe('with a CAB rule of 2 approvers', () => {
    it('waits below the threshold, counting the approval', () => {
      const state = given(awaitingCab).when(approveChange('user:ada', CAB)).then([changeApproved('user:ada', 1, 2)]);
      expect(state).toMatchObject({ status: 'awaiting_authorization', approvers: ['user:ada'] });
    });

    it('authorizes when the second distinct member approves', () => {
      given([...awaitingCab, changeApproved('user:ada', 1, 2)])
        .when(approveChange('user:bob', CAB))
        .then([changeApproved('user:bob', 2, 2), authorizedBy(['user:ada', 'user:bob'], CAB_RULE)]);
    });

    it('refuses the same approver twice: an approver acts once', () => {
      const error = given([...awaitingCab, changeApproved('user:ada', 1, 2)])
        .when(approveChange('user:ada', CAB))
        .thenThrows('change.already_acted', 'conflict');
      expect(error.details).toEqual({ approver: 'user:ada' });
    });

    it('refuses a rejection from someone who already approved', () => {
      given([...awaitingCab, changeApproved('user:ada', 1, 2)])
        .when(rejectChange('user:ada', CAB))
        .thenThrows('change.already_acted', 'conflict');
    });

    it('refuses a change manager who is not on the CAB', () => {
      const error = given(awaitingCab)
        .when(approveChange(MANAGER, ['change-managers']))
        .thenThrows('change.not_in_approval_group', 'not_allowed');
      expect(error.details).toEqual({ requiredGroup: 'cab' });
    });
  });

  it('refuses the requester, even one in the approving group', () => {
    const error = given(HISTORIES.awaiting_authorization)
      .when(approveChange(REQUESTER, ['change-managers']))
      .thenThrows('change.self_approval', 'not_allowed');
    expect(error.details).toEqual({ approver: REQUESTER });
  });

  it('refuses an approval of content other than the current content', () => {
    const stale = hashOf({ backoutPlan: 'an older backout plan' });
    const error = given(HISTORIES.awaiting_authorization)
      .when(approveChange(MANAGER, ['change-managers'], { contentHash: stale }))
      .thenThrows('change.content_mismatch', 'conflict');
    expect(error.details).toEqual({ contentHash: stale, currentContentHash: HASH });
  });

  it('refuses group memberships that are not a list', () => {
    const error = given(HISTORIES.awaiting_authorization)
      .when(approveChange(MANAGER, 'change-managers' as never))
      .thenThrows('change.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field: 'approverGroups' });
  });

  it('authorizes an emergency change on one ECAB approval', () => {
    given([changeRaised('emergency'), emergencyAssessed])
      .when(approveChange('user:cto', ['ecab']))
      .then([changeApproved('user:cto'), authorizedBy(['user:cto'], { group: 'ecab', required: 1 })]);
  });

  it.each([
    ['a draft (not yet assessed)', HISTORIES.draft],
    ['an authorized change', HISTORIES.authorized],
    ['a change being implemented', HISTORIES.implementing],
    ['a standard change', [changeRaised('standard'), standardAuthorized]],
  ])('is refused on %s', (_case, history) => {
    given(history).when(approveChange(MANAGER, ['change-managers'])).thenThrows('change.not_awaiting_authorization', 'conflict');
    given(history).when(rejectChange(MANAGER, ['change-managers'])).thenThrows('change.not_awaiting_authorization', 'conflict');
  });
});

describe('Rejecting a change', () => {
  it('vetoes it: one eligible rejection returns the change to draft, with the reason and the content rejected', () => {
    const state = given([...awaitingCab, changeApproved('user:ada', 1, 2)])
      .when(rejectChange('user:bob', CAB))
      .then([event('ChangeRejected', { approver: 'user:bob', comment: 'The backout plan is untested.', contentHash: HASH })]);
    expect(state).toMatchObject({ status: 'draft' });
    expect(state).not.toHaveProperty('approvers');
  });

  it('needs a comment', () => {
    const error = given(HISTORIES.awaiting_authorization)
      .when(rejectChange(MANAGER, ['change-managers'], { comment: ' ' }))
      .thenThrows('change.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field: 'comment' });
  });

  it.each([
    ['the requester', REQUESTER, ['change-managers'], 'change.self_approval'],
    ['someone outside the group', 'user:eve', ['staff'], 'change.not_in_approval_group'],
  ])('is refused from %s', (_case, actor, groups, code) => {
    given(HISTORIES.awaiting_authorization).when(rejectChange(actor, groups)).thenThrows(code, 'not_allowed');
  });

  it('is refused for content other than the current content', () => {
    given(HISTORIES.awaiting_authorization)
      .when(rejectChange(MANAGER, ['change-managers'], { contentHash: 'sha256:00' }))
      .thenThrows('change.content_mismatch', 'conflict');
  });

  it('lets the reworked change be assessed and asked again, where earlier approvers may act anew', () => {
    const rejected = event('ChangeRejected', { approver: 'user:bob', comment: 'No.', contentHash: HASH });
    const history = [...awaitingCab, changeApproved('user:ada', 1, 2), rejected];
    const state = given(history).when(assessChange()).then([changeAssessed()]);
    expect(state).toMatchObject({ status: 'awaiting_authorization', approvers: [] });
    given([...history, changeAssessed()])
      .when(approveChange('user:bob', ['change-managers']))
      .then([changeApproved('user:bob'), authorizedBy(['user:bob'])]);
  });
});
