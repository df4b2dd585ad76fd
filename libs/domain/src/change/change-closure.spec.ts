import { deciderSpec } from '../testing/decider-spec';
import { changeDecider } from './change-decider';
import {
  HISTORIES,
  MANAGER,
  REQUESTER,
  at,
  cancelled,
  changeRaised,
  closed,
  command,
  completed,
  emergencyAssessed,
  event,
  reviewed,
  standardAuthorized,
} from '../testing/change-fixtures';

const { given } = deciderSpec(changeDecider);

const recordReview = (result = 'successful' as const, notes = 'No incidents in 48 h.') =>
  command('RecordReview', { result, notes }, at(MANAGER));
const retrospective = (actor = 'user:cto', reviewerGroups: readonly string[] = ['ecab'], outcome = 'endorsed' as const) =>
  command('RecordRetrospectiveReview', { outcome, notes: 'The outage justified it.', reviewerGroups }, at(actor));
const retrospectiveRecorded = event('ChangeRetrospectiveReviewRecorded', {
  reviewer: 'user:cto',
  outcome: 'endorsed',
  notes: 'The outage justified it.',
});
const closeChange = command('CloseChange', {});

const flaggedStart = event('ChangeImplementationStarted', {
  retrospectiveReviewRequired: true,
  flagReasons: ['not_authorized'],
  reviewerGroup: 'ecab',
});
const flagged = {
  implementing: [changeRaised('emergency'), emergencyAssessed, flaggedStart],
  in_review: [changeRaised('emergency'), emergencyAssessed, flaggedStart, completed],
  reviewed: [changeRaised('emergency'), emergencyAssessed, flaggedStart, completed, reviewed],
};

describe('Recording the post-implementation review', () => {
  it('records the result, notes and reviewer', () => {
    const state = given(HISTORIES.in_review).when(recordReview()).then([reviewed]);
    expect(state).toMatchObject({ status: 'in_review', review: { result: 'successful', reviewer: MANAGER } });
  });

  it.each(['successful_with_issues', 'unsuccessful'] as const)('accepts %s', (result) => {
    given(HISTORIES.in_review)
      .when(command('RecordReview', { result, notes: 'See notes.' }, at(MANAGER)))
      .then([event('ChangeReviewed', { reviewer: MANAGER, result, notes: 'See notes.' })]);
  });

  it('is recorded once', () => {
    given(HISTORIES.reviewed).when(recordReview()).thenThrows('change.review_already_recorded', 'conflict');
  });

  it('refuses an unknown result or blank notes', () => {
    given(HISTORIES.in_review).when(recordReview('great' as never)).thenThrows('change.invalid_field', 'not_allowed');
    given(HISTORIES.in_review).when(recordReview('successful', ' ')).thenThrows('change.invalid_field', 'not_allowed');
  });

  it.each([
    ['scheduled', HISTORIES.scheduled],
    ['implementing', HISTORIES.implementing],
  ])('is refused while the change is %s', (_case, history) => {
    given(history).when(recordReview()).thenThrows('change.not_in_review', 'conflict');
  });
});

describe('Recording the retrospective review of a flagged emergency change', () => {
  it.each(['implementing', 'in_review'] as const)('clears the flag when %s', (status) => {
    const state = given(flagged[status]).when(retrospective()).then([retrospectiveRecorded]);
    expect(state).toMatchObject({ retrospective: { retrospectiveReviewRequired: false } });
  });

  it('records a review that does not endorse the start, too: the record is what closure needs', () => {
    given(flagged.in_review)
      .when(retrospective('user:cto', ['ecab'], 'not_endorsed' as never))
      .then([{ ...retrospectiveRecorded, data: { ...retrospectiveRecorded.data, outcome: 'not_endorsed' } }]);
  });

  it('is refused from the requester', () => {
    given(flagged.in_review).when(retrospective(REQUESTER)).thenThrows('change.self_approval', 'not_allowed');
  });

  it('is refused from outside the emergency CAB', () => {
    const error = given(flagged.in_review).when(retrospective(MANAGER, ['cab'])).thenThrows('change.not_in_approval_group', 'not_allowed');
    expect(error.details).toEqual({ requiredGroup: 'ecab' });
  });

  it.each([
    ['an unflagged change', HISTORIES.in_review],
    ['a flagged change already reviewed', [...flagged.in_review, retrospectiveRecorded]],
    ['a change not yet started', [changeRaised('emergency'), emergencyAssessed]],
  ])('is refused for %s', (_case, history) => {
    given(history).when(retrospective()).thenThrows('change.retrospective_review_not_required', 'conflict');
  });
});

describe('Closing a change', () => {
  it('closes a reviewed change', () => {
    given(HISTORIES.reviewed).when(closeChange).then([closed]);
  });

  it('is refused before the post-implementation review', () => {
    given(HISTORIES.in_review).when(closeChange).thenThrows('change.review_required', 'conflict');
  });

  it('is refused for a flagged emergency change until its retrospective review', () => {
    given(flagged.reviewed).when(closeChange).thenThrows('change.retrospective_review_required', 'conflict');
    given([...flagged.reviewed, retrospectiveRecorded]).when(closeChange).then([closed]);
  });

  it.each([
    ['scheduled', HISTORIES.scheduled],
    ['implementing', HISTORIES.implementing],
  ])('is refused while the change is %s', (_case, history) => {
    given(history).when(closeChange).thenThrows('change.not_in_review', 'conflict');
  });
});

describe('Cancelling a change', () => {
  const cancel = command('CancelChange', { reason: 'Superseded by CHG0030002' });

  it.each(['draft', 'awaiting_authorization', 'authorized', 'scheduled'] as const)('cancels it when %s', (status) => {
    const state = given(HISTORIES[status]).when(cancel).then([cancelled]);
    expect(state).toEqual({ status: 'cancelled', changeId: 'CHG0030001' });
  });

  it('cancels a standard change before it starts', () => {
    given([changeRaised('standard'), standardAuthorized]).when(cancel).then([cancelled]);
  });

  it.each([
    ['implementing', HISTORIES.implementing],
    ['in review', HISTORIES.in_review],
  ])('is refused once implementation has started (%s): complete it instead', (_case, history) => {
    given(history).when(cancel).thenThrows('change.implementation_started', 'conflict');
  });

  it('needs a reason', () => {
    const error = given(HISTORIES.draft).when(command('CancelChange', { reason: '' })).thenThrows('change.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field: 'reason' });
  });
});
