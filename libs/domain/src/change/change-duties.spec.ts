import { deciderSpec } from '../testing/decider-spec';
import { changeDecider } from './change-decider';
import {
  HISTORIES,
  MANAGER,
  REQUESTER,
  approveChange,
  at,
  authorizedBy,
  changeApproved,
  changeAssessed,
  changeRaised,
  command,
  completed,
  emergencyAssessed,
  event,
  rejectChange,
  scheduled,
  standardAuthorized,
  started,
} from '../testing/change-fixtures';

/**
 * Segregation of duties: who makes a change (its requester, and its implementer: the assignee, and
 * anyone assigned while the work was under way) never checks it (approves, rejects, records the
 * post-implementation review or the retrospective review of an emergency start); and who approved
 * it is not then made its implementer.
 */
const { given } = deciderSpec(changeDecider);

const IMPLEMENTER = 'user:linus';
const assigned = (assignee: string, previousAssignee: string | null = null) => event('ChangeAssigned', { assignee, previousAssignee });
const assign = (assignee: string) => command('AssignChange', { assignee });
const review = (actor: string) => command('RecordReview', { result: 'successful', notes: 'Quiet for 48 h.' }, at(actor));
const reviewed = (reviewer: string) => event('ChangeReviewed', { reviewer, result: 'successful', notes: 'Quiet for 48 h.' });
const retrospective = (actor: string, reviewerGroups: readonly string[] = ['ecab']) =>
  command('RecordRetrospectiveReview', { outcome: 'endorsed', notes: 'The outage justified it.', reviewerGroups }, at(actor));
const retrospectiveRecorded = (reviewer: string) =>
  event('ChangeRetrospectiveReviewRecorded', { reviewer, outcome: 'endorsed', notes: 'The outage justified it.' });

const authorized = HISTORIES.authorized;
const flaggedStart = event('ChangeImplementationStarted', { retrospectiveReviewRequired: true, flagReasons: ['not_authorized'], reviewerGroup: 'ecab' });
/** An emergency change started before authorization by its assignee, and completed. */
const flagged = {
  implementing: [changeRaised('emergency', { assignee: IMPLEMENTER }), emergencyAssessed, flaggedStart],
  in_review: [changeRaised('emergency', { assignee: IMPLEMENTER }), emergencyAssessed, flaggedStart, completed],
};
/** A normal change implemented by its assignee, now in review. */
const implementedBy = (assignee: string) => [...authorized, assigned(assignee), scheduled(), started, completed];

describe('Recording the post-implementation review: not by those who made the change', () => {
  it('is refused from the requester, as the error table says', () => {
    const error = given(HISTORIES.in_review).when(review(REQUESTER)).thenThrows('change.self_approval', 'not_allowed');
    expect(error.details).toEqual({ approver: REQUESTER });
  });

  it('is refused from the implementer: the assignee reviews no work of their own', () => {
    const error = given(implementedBy(IMPLEMENTER)).when(review(IMPLEMENTER)).thenThrows('change.implementer_approval', 'not_allowed');
    expect(error.details).toEqual({ approver: IMPLEMENTER });
  });

  it('is refused from someone assigned while the work was under way, even once reassigned', () => {
    const history = [...authorized, scheduled(), started, assigned(IMPLEMENTER), assigned('user:ops', IMPLEMENTER), completed];
    given(history).when(review(IMPLEMENTER)).thenThrows('change.implementer_approval', 'not_allowed');
    given(history).when(review('user:ops')).thenThrows('change.implementer_approval', 'not_allowed');
  });

  it('is refused from the assignee of record, even one named after the work was done', () => {
    given([...HISTORIES.in_review, assigned(IMPLEMENTER)]).when(review(IMPLEMENTER)).thenThrows('change.implementer_approval', 'not_allowed');
  });

  it('is recorded by anyone else, an approver of the change included', () => {
    given(implementedBy(IMPLEMENTER)).when(review(MANAGER)).then([reviewed(MANAGER)]);
    given(implementedBy(IMPLEMENTER)).when(review('user:cab-chair')).then([reviewed('user:cab-chair')]);
  });

  it('is recorded by someone assigned before the work began and reassigned before it started: they never implemented it', () => {
    const history = [...authorized, assigned(IMPLEMENTER), assigned('user:ops', IMPLEMENTER), scheduled(), started, completed];
    given(history).when(review(IMPLEMENTER)).then([reviewed(IMPLEMENTER)]);
  });
});

describe('Recording the retrospective review of an emergency start: not by those who made the change', () => {
  it('is refused from the requester', () => {
    given(flagged.in_review).when(retrospective(REQUESTER)).thenThrows('change.self_approval', 'not_allowed');
  });

  it.each(['implementing', 'in_review'] as const)('is refused from the implementer, even on the emergency CAB (%s)', (status) => {
    const error = given(flagged[status]).when(retrospective(IMPLEMENTER)).thenThrows('change.implementer_approval', 'not_allowed');
    expect(error.details).toEqual({ approver: IMPLEMENTER });
  });

  it('is refused from someone assigned while the work was under way', () => {
    const history = [...flagged.implementing, assigned('user:ops', IMPLEMENTER), assigned(IMPLEMENTER, 'user:ops')];
    given(history).when(retrospective('user:ops')).thenThrows('change.implementer_approval', 'not_allowed');
  });

  it('is recorded by another member of the emergency CAB', () => {
    given(flagged.in_review).when(retrospective('user:cto')).then([retrospectiveRecorded('user:cto')]);
  });
});

describe('Approving or rejecting: not by the implementer', () => {
  const assignedAwaiting = [...HISTORIES.awaiting_authorization, assigned(IMPLEMENTER)];

  it('refuses an approval from the assignee, even one in the approving group', () => {
    const error = given(assignedAwaiting)
      .when(approveChange(IMPLEMENTER, ['change-managers']))
      .thenThrows('change.implementer_approval', 'not_allowed');
    expect(error.details).toEqual({ approver: IMPLEMENTER });
  });

  it('refuses a rejection from the assignee', () => {
    given(assignedAwaiting).when(rejectChange(IMPLEMENTER, ['change-managers'])).thenThrows('change.implementer_approval', 'not_allowed');
  });

  it('still takes an approval from another member of the group', () => {
    given(assignedAwaiting).when(approveChange(MANAGER, ['change-managers'])).then([changeApproved(MANAGER), authorizedBy([MANAGER])]);
  });
});

describe('Assigning: an approver is not made the implementer', () => {
  const CAB_RULE = { group: 'cab', required: 2 };
  const awaitingCab = [changeRaised(), changeAssessed({ risk: 'high', riskScore: 4, approvalRule: CAB_RULE }), changeApproved('user:ada', 1, 2)];

  it.each([
    ['who approved the content in force, while more approvals are awaited', awaitingCab, 'user:ada'],
    ['who authorized it', authorized, MANAGER],
    ['who authorized it, once it is scheduled', HISTORIES.scheduled, MANAGER],
    ['who authorized it, once the work is under way', HISTORIES.implementing, MANAGER],
  ])('refuses someone %s', (_case, history, approver) => {
    const error = given(history).when(assign(approver)).thenThrows('change.approver_assigned', 'not_allowed');
    expect(error.details).toEqual({ field: 'assignee', assignee: approver });
  });

  it('refuses the emergency CAB member who endorsed the start in retrospect', () => {
    given([...flagged.implementing, retrospectiveRecorded('user:cto')]).when(assign('user:cto')).thenThrows('change.approver_assigned', 'not_allowed');
  });

  it('assigns someone whose approval an edit withdrew: they approve nothing in force (and may not approve again)', () => {
    const invalidated = event('ApprovalsInvalidated', {
      reason: 'content_changed', changedFields: ['backoutPlan'], previousContentHash: 'sha256:1', contentHash: 'sha256:2',
      invalidatedApprovers: [MANAGER], wasAuthorized: true,
    });
    given([...authorized, invalidated]).when(assign(MANAGER)).then([assigned(MANAGER)]);
  });

  it('assigns anyone to a standard change: its template, not a person, authorized it', () => {
    given([changeRaised('standard'), standardAuthorized]).when(assign(MANAGER)).then([assigned(MANAGER)]);
  });
});
