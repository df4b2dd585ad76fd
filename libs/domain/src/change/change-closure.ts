import { requireMember } from './change-approval';
import type {
  CancelChange,
  CloseChange,
  CompleteImplementation,
  RecordRetrospectiveReview,
  RecordReview,
} from './change-commands';
import { requireIndependentChecker } from './change-duties';
import { changeError, changeFields } from './change-errors';
import type { ChangeEvent } from './change-events';
import { stateError } from './change-guards';
import type { ImplementingChange, InReviewChange, LiveChange, PlannedChange } from './change-state';
import { IMPLEMENTATION_OUTCOMES, RETROSPECTIVE_OUTCOMES, REVIEW_RESULTS } from './change-vocabulary';

/** A failure must say whether the backout plan ran: that is what tells service owners where they stand. */
export function complete(command: CompleteImplementation, change: ImplementingChange): readonly ChangeEvent[] {
  const outcome = changeFields.requireOneOf('outcome', command.data.outcome, IMPLEMENTATION_OUTCOMES);
  const given = command.data.backoutPerformed;
  if (outcome === 'failed' && typeof given !== 'boolean') {
    const message = 'A failed implementation must say whether it was backed out';
    throw changeError('change.invalid_field', message, { field: 'backoutPerformed' });
  }
  if (outcome === 'successful' && given !== undefined && given !== null && given !== false) {
    throw changeError('change.invalid_field', 'A successful implementation was not backed out', { field: 'backoutPerformed' });
  }
  const backoutPerformed = outcome === 'failed' ? (given as boolean) : null;
  const notes = changeFields.requireText('notes', command.data.notes);
  return [{ type: 'ChangeImplementationCompleted', data: { changeId: change.changeId, outcome, backoutPerformed, notes } }];
}

/** A check of the work, so never by those who asked for it or did it (change-duties.ts). */
export function recordReview(command: RecordReview, change: InReviewChange): readonly ChangeEvent[] {
  if (change.review !== null) throw stateError('change.review_already_recorded', change);
  requireIndependentChecker(change, command.context.actor);
  const result = changeFields.requireOneOf('result', command.data.result, REVIEW_RESULTS);
  const notes = changeFields.requireText('notes', command.data.notes);
  const reviewer = command.context.actor;
  return [{ type: 'ChangeReviewed', data: { changeId: change.changeId, reviewer, result, notes } }];
}

/**
 * The after-the-fact approval of a flagged emergency start, so it follows the approval rules:
 * a member of the emergency rule's group, and neither the requester nor the implementer.
 */
export function recordRetrospective(command: RecordRetrospectiveReview, change: LiveChange): readonly ChangeEvent[] {
  if ((change.status !== 'implementing' && change.status !== 'in_review') || !change.retrospective.retrospectiveReviewRequired) {
    throw stateError('change.retrospective_review_not_required', change);
  }
  const reviewer = command.context.actor;
  requireIndependentChecker(change, reviewer);
  requireMember(change.retrospective.reviewerGroup, command.data.reviewerGroups, 'reviewerGroups');
  const outcome = changeFields.requireOneOf('outcome', command.data.outcome, RETROSPECTIVE_OUTCOMES);
  const notes = changeFields.requireText('notes', command.data.notes);
  const data = { changeId: change.changeId, reviewer, outcome, notes };
  return [{ type: 'ChangeRetrospectiveReviewRecorded', data }];
}

export function close(_command: CloseChange, change: InReviewChange): readonly ChangeEvent[] {
  if (change.review === null) throw stateError('change.review_required', change);
  if (change.retrospective.retrospectiveReviewRequired) throw stateError('change.retrospective_review_required', change);
  return [{ type: 'ChangeClosed', data: { changeId: change.changeId } }];
}

/** Until work starts: after that, what happened is recorded by completing the implementation instead. */
export function cancel(command: CancelChange, change: PlannedChange): readonly ChangeEvent[] {
  const reason = changeFields.requireText('reason', command.data.reason);
  return [{ type: 'ChangeCancelled', data: { changeId: change.changeId, reason } }];
}
