import { assertNever } from '../shared/decider';
import { changeError } from './change-errors';
import type { LiveChange, PlannedChange } from './change-state';

/*
 * Segregation of duties, as a change-control auditor reads it: those who make a change (the
 * requester, who asks for it, and its implementers, who carry it out) are never those who check it
 * (approvers, the retrospective reviewer of an emergency start, the post-implementation reviewer),
 * and someone who approved a change is not then made its implementer, which would reach the same
 * place by the other order. People are told apart by the actor of the command (the token's
 * subject); which roles and groups may check at all is decided beside this (roles by the API,
 * group membership by requireMember).
 */

/** For every checking duty: approving, rejecting, and both kinds of review. */
export function requireIndependentChecker(change: LiveChange, actor: string): void {
  if (actor === change.requester) throw changeError('change.self_approval', undefined, { approver: actor });
  if (implementersOf(change).includes(actor)) throw changeError('change.implementer_approval', undefined, { approver: actor });
}

/** For an assignment: the new implementer must not stand behind the change already. */
export function requireNotAuthorizer(change: LiveChange, assignee: string): void {
  if (authorizersOf(change).includes(assignee)) {
    throw changeError('change.approver_assigned', undefined, { field: 'assignee', assignee });
  }
}

/**
 * The current assignee is the implementer of record, even one named after the work was done (the
 * record would read "implemented by X, reviewed by X"); once work has started, so is everyone
 * assigned while it was under way, so reassigning cannot clear the way for a self-review.
 */
export function implementersOf(change: LiveChange): readonly string[] {
  const recorded = change.status === 'implementing' || change.status === 'in_review' ? change.implementers : [];
  return change.assignee === null ? recorded : [...recorded, change.assignee];
}

/**
 * Who approved the content in force (a partial approval included); once work has started, the
 * approvers of the authorization it started on, and whoever endorsed an emergency start since.
 * An approval an edit withdrew no longer counts: it approved other content.
 */
export function authorizersOf(change: LiveChange): readonly string[] {
  switch (change.status) {
    case 'draft':
    case 'awaiting_authorization':
    case 'authorized':
    case 'scheduled':
      return approversInForce(change);
    case 'implementing':
    case 'in_review':
      return change.authorizers;
    default:
      return assertNever(change);
  }
}

export function approversInForce(change: PlannedChange): readonly string[] {
  switch (change.status) {
    case 'draft':
      return [];
    case 'awaiting_authorization':
      return change.approvers;
    case 'authorized':
    case 'scheduled':
      return change.authorization.basis === 'approvals' ? change.authorization.approvers : [];
    default:
      return assertNever(change);
  }
}

/** Adds a name once: duties lists are sets, kept in the order people took them up. */
export function withName(names: readonly string[], name: string): readonly string[] {
  return names.includes(name) ? names : [...names, name];
}
