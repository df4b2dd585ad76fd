import { assertNever } from '../shared/decider';
import type { DomainError } from '../shared/domain-error';
import { CHANGE_ERROR_CODES, changeError, type ChangeErrorCode } from './change-errors';
import type {
  AwaitingAuthorizationChange,
  ChangeState,
  ClearedChange,
  DraftChange,
  ImplementingChange,
  InReviewChange,
  LiveChange,
  PlannedChange,
} from './change-state';
import { normalizeWindow, instantMs, type TimeWindow } from './time-window';
import { ciReferenceMessage, MAX_CIS_PER_COMMAND, requireUsableCis, type CiStatuses } from '../configuration-item/ci-references';
import { changeFields } from './change-errors';

/** The affected CIs as a set: at most MAX_CIS_PER_COMMAND, each registered and not retired. */
export function requireAffectedCis(field: string, value: unknown, statuses: CiStatuses | undefined): readonly string[] {
  const named = Array.isArray(value) ? new Set(value).size : 0;
  if (named > MAX_CIS_PER_COMMAND) {
    throw changeError('change.too_many_cis', `${field} names ${named} configuration items; at most ${MAX_CIS_PER_COMMAND}`, { field, max: MAX_CIS_PER_COMMAND });
  }
  const ciIds = changeFields.requireIdSet(field, value);
  requireUsableCis(field, ciIds, statuses, (at, problem, ciId) =>
    changeError(problem === 'unknown' ? 'change.ci_unknown' : 'change.ci_retired', ciReferenceMessage(at, problem, ciId), { field: at, ciId }),
  );
  return ciIds;
}

/*
 * Status checks run before anything in the request is looked at: a command on a missing or
 * terminal change is refused for that, whatever its payload, so a client learns the most useful
 * thing first. Each returns the narrowed state, as proof by type that the caller checked.
 */

export function live(state: ChangeState): LiveChange {
  switch (state.status) {
    case 'none':
      throw stateError('change.not_found', state);
    case 'closed':
    case 'cancelled':
      throw stateError(`change.${state.status}`, state);
    case 'draft':
    case 'awaiting_authorization':
    case 'authorized':
    case 'scheduled':
    case 'implementing':
    case 'in_review':
      return state;
    default:
      return assertNever(state);
  }
}

export function planned(change: LiveChange): PlannedChange {
  if (change.status === 'implementing' || change.status === 'in_review') {
    throw stateError('change.implementation_started', change);
  }
  return change;
}

export function draft(change: LiveChange): DraftChange {
  if (change.status !== 'draft') throw stateError('change.not_draft', change);
  return change;
}

export function awaitingAuthorization(change: LiveChange): AwaitingAuthorizationChange {
  if (change.status !== 'awaiting_authorization') throw stateError('change.not_awaiting_authorization', change);
  return change;
}

export function cleared(change: PlannedChange): ClearedChange {
  if (change.status === 'draft' || change.status === 'awaiting_authorization') throw stateError('change.not_authorized', change);
  return change;
}

export function implementing(change: LiveChange): ImplementingChange {
  if (change.status !== 'implementing') throw stateError('change.not_implementing', change);
  return change;
}

export function inReview(change: LiveChange): InReviewChange {
  if (change.status !== 'in_review') throw stateError('change.not_in_review', change);
  return change;
}

export function stateError(code: ChangeErrorCode, state: ChangeState, details: Record<string, unknown> = {}): DomainError {
  return changeError(code, CHANGE_ERROR_CODES[code].rule, { status: state.status, ...details });
}

export function requireWindow(field: string, window: unknown): TimeWindow {
  const normalized = normalizeWindow(window);
  if (normalized === undefined) throw changeError('change.invalid_window', undefined, { field, window });
  return normalized;
}

/** `now` is set by the handler, not the client; a malformed one is still refused rather than compared as NaN. */
export function requireNow(now: string): number {
  const ms = instantMs(now);
  if (ms === undefined) {
    throw changeError('change.invalid_field', 'context.now must be an ISO-8601 instant', { field: 'context.now' });
  }
  return ms;
}
