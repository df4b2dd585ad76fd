import type { ScheduleChange, StartImplementation } from './change-commands';
import { changeError } from './change-errors';
import type { ChangeEvent } from './change-events';
import { requireNow, requireWindow, stateError } from './change-guards';
import type { AwaitingAuthorizationChange, ClearedChange, PlannedChange } from './change-state';
import type { FlagReason, RetrospectiveFlag } from './change-vocabulary';
import type { ChangeConflict } from './conflicts';
import { windowContains, windowIncludes } from './time-window';

/**
 * Pins the slot within the authorized window and records the calendar's conflicts as they were
 * found. Overlaps with other changes are for people to weigh, so they are recorded, not refused;
 * a blackout is a decision already taken, so only an emergency may override it, on the record.
 */
export function schedule(command: ScheduleChange, change: ClearedChange): readonly ChangeEvent[] {
  const window = requireWindow('window', command.data.window);
  if (!windowContains(change.details.window, window)) {
    throw changeError('change.window_not_authorized', undefined, { field: 'window', window, authorizedWindow: change.details.window });
  }
  const conflicts = requireConflicts(command.data.conflicts);
  const blackouts = conflicts.flatMap((conflict) => (conflict.kind === 'blackout' ? [conflict.blackoutWindowId] : []));
  if (blackouts.length > 0 && change.changeType !== 'emergency') {
    throw changeError('change.blackout_window', undefined, { field: 'window', blackoutWindowIds: blackouts });
  }
  const data = { changeId: change.changeId, window, conflicts, blackoutOverride: blackouts.length > 0 };
  return [{ type: 'ChangeScheduled', data }];
}

/**
 * A normal or standard change starts only when scheduled and within its slot. An emergency change
 * is never held back by either rule: it starts, and each rule it would have broken is recorded as
 * a reason for the retrospective review that closure waits for.
 */
export function start(command: StartImplementation, change: PlannedChange): readonly ChangeEvent[] {
  const { now } = command.context;
  requireNow(now);
  return change.changeType === 'emergency' ? startEmergency(change, now) : startPlanned(change, now);
}

function startPlanned(change: PlannedChange, now: string): readonly ChangeEvent[] {
  if (change.status === 'draft' || change.status === 'awaiting_authorization') throw stateError('change.not_authorized', change);
  if (change.status === 'authorized') throw stateError('change.not_scheduled', change);
  if (!windowIncludes(change.scheduledWindow, now)) {
    throw stateError('change.outside_window', change, { now, window: change.scheduledWindow });
  }
  return [started(change.changeId, { retrospectiveReviewRequired: false })];
}

/** Assessed first, so the emergency CAB that will review in retrospect is on record before work begins. */
function startEmergency(change: PlannedChange, now: string): readonly ChangeEvent[] {
  if (change.status === 'draft') throw stateError('change.not_assessed', change);
  // The scheduled slot once there is one; before that, the window the change asked for.
  const window = change.status === 'scheduled' ? change.scheduledWindow : change.details.window;
  const flagReasons: FlagReason[] = [
    ...(change.status === 'awaiting_authorization' ? ['not_authorized' as const] : []),
    ...(windowIncludes(window, now) ? [] : ['outside_window' as const]),
  ];
  if (flagReasons.length === 0) return [started(change.changeId, { retrospectiveReviewRequired: false })];
  const reviewerGroup = emergencyGroup(change);
  if (reviewerGroup === null) throw stateError('change.not_assessed', change);
  return [started(change.changeId, { retrospectiveReviewRequired: true, flagReasons, reviewerGroup })];
}

/** The group of the recorded emergency rule: who approves, and so who reviews in retrospect. */
function emergencyGroup(change: AwaitingAuthorizationChange | ClearedChange): string | null {
  if (change.status === 'awaiting_authorization') return change.assessment.approvalRule.group;
  const { authorization } = change;
  return authorization.basis === 'approvals' ? authorization.assessment.approvalRule.group : null;
}

function started(changeId: string, flag: RetrospectiveFlag): ChangeEvent {
  return { type: 'ChangeImplementationStarted', data: { changeId, ...flag } };
}

/** Computed by the handler with detectConflicts; only the shape that the blackout rule reads is checked. */
function requireConflicts(conflicts: unknown): readonly ChangeConflict[] {
  if (!Array.isArray(conflicts) || conflicts.some((conflict) => typeof conflict?.kind !== 'string')) {
    throw changeError('change.invalid_field', 'conflicts must be the list detectConflicts returns', { field: 'conflicts' });
  }
  return conflicts as readonly ChangeConflict[];
}
