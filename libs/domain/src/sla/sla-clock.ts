import { addBusinessMs, businessMsBetween, type BusinessCalendar } from './business-calendar';

/**
 * One SLA clock (a response or a resolution target for one cycle of an incident), as pure arithmetic
 * on business time: it runs, pauses, resumes and stops at instants the incident's facts give, and
 * its due date follows from the business time still to go. Nothing here reads a clock: "now" is an
 * argument, so a due date and an elapsed time can be explained to the minute, and recomputed.
 *
 * Reprioritisation changes the target and keeps the time elapsed, as ServiceNow's SLA definitions
 * with a retroactive start do: an incident raised from P3 to P1 after two business hours has two of
 * its P1 hours used, not a fresh P1 target from the moment of the change.
 */
export interface SlaClock {
  readonly calendar: BusinessCalendar;
  readonly targetMs: number;
  readonly state: 'running' | 'paused' | 'stopped';
  readonly startedAt: number;
  /** Business time elapsed up to `since` (the last start, pause, resume, stop or retarget). */
  readonly elapsedMs: number;
  readonly since: number;
  /** Business time spent paused so far: what the due date was pushed back by. */
  readonly pausedMs: number;
  readonly pausedSince: number | null;
}

export function startSlaClock(calendar: BusinessCalendar, targetMs: number, at: number): SlaClock {
  if (!Number.isInteger(targetMs) || targetMs <= 0) throw new RangeError('A target is a positive whole number of milliseconds');
  return { calendar, targetMs, state: 'running', startedAt: at, elapsedMs: 0, since: at, pausedMs: 0, pausedSince: null };
}

/** Business time elapsed at `at` (not before the last change). */
export function elapsedAt(clock: SlaClock, at: number): number {
  return clock.elapsedMs + (clock.state === 'running' ? businessMsBetween(clock.calendar, clock.since, at) : 0);
}

/** What is left of the target at `at`; negative once breached. */
export function remainingAt(clock: SlaClock, at: number): number {
  return clock.targetMs - elapsedAt(clock, at);
}

/** When the target runs out, if the clock keeps running from its last change; null while paused or stopped. */
export function dueAt(clock: SlaClock): number | null {
  if (clock.state !== 'running') return null;
  const remaining = clock.targetMs - clock.elapsedMs;
  // Already breached: it was due when the elapsed time reached the target.
  return remaining > 0 ? addBusinessMs(clock.calendar, clock.since, remaining) : clock.since;
}

/** When the share `ratio` of the target is used (the at-risk mark), if it keeps running; null while paused or stopped or past it. */
export function markAt(clock: SlaClock, ratio: number): number | null {
  if (clock.state !== 'running') return null;
  const toMark = Math.ceil(clock.targetMs * ratio) - clock.elapsedMs;
  return toMark > 0 ? addBusinessMs(clock.calendar, clock.since, toMark) : null;
}

export function pauseSlaClock(clock: SlaClock, at: number): SlaClock {
  if (clock.state !== 'running') return clock;
  return { ...clock, state: 'paused', elapsedMs: elapsedAt(clock, at), since: at, pausedSince: at };
}

export function resumeSlaClock(clock: SlaClock, at: number): SlaClock {
  if (clock.state !== 'paused') return clock;
  const paused = businessMsBetween(clock.calendar, clock.pausedSince ?? at, at);
  return { ...clock, state: 'running', since: at, pausedMs: clock.pausedMs + paused, pausedSince: null };
}

export function stopSlaClock(clock: SlaClock, at: number): SlaClock {
  if (clock.state === 'stopped') return clock;
  const paused = clock.state === 'paused' ? businessMsBetween(clock.calendar, clock.pausedSince ?? at, at) : 0;
  return { ...clock, state: 'stopped', elapsedMs: elapsedAt(clock, at), since: at, pausedMs: clock.pausedMs + paused, pausedSince: null };
}

/** A new target (reprioritisation): the time elapsed stays, so the due date moves by the difference. */
export function retargetSlaClock(clock: SlaClock, targetMs: number, at: number): SlaClock {
  if (!Number.isInteger(targetMs) || targetMs <= 0) throw new RangeError('A target is a positive whole number of milliseconds');
  if (clock.state === 'stopped') return clock;
  return { ...clock, targetMs, elapsedMs: elapsedAt(clock, at), since: at };
}

/** Met or breached once stopped: the elapsed business time against the target. */
export function slaMet(clock: SlaClock): boolean {
  return clock.elapsedMs <= clock.targetMs;
}
