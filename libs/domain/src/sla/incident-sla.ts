import type { ImportedIncidentReading, IncidentEvent } from '../incident/incident-events';
import type { Priority } from '../incident/priority-matrix';
import { ALWAYS_WORKING, type BusinessCalendar } from './business-calendar';
import { calendarInForce, policyFor, type SlaConfiguration, type SlaPolicyVersion, type SlaTargetDefinition } from './sla-configuration';
import { dueAt, elapsedAt, pauseSlaClock, resumeSlaClock, retargetSlaClock, slaMet, startSlaClock, stopSlaClock, type SlaClock } from './sla-clock';

/**
 * An incident's service levels, read from its facts and the configuration in force when its SLA
 * started (issue 11): a response clock (until someone is assigned or starts work) and a resolution
 * clock (until it is resolved), each paused while on hold for a reason the policy names, retargeted
 * when the priority changes (the time elapsed stays), and on reopening resumed or restarted as the
 * policy says (a restart is a new cycle; the earlier cycle's result is kept). Every step names the
 * fact that caused it and the business time elapsed then. A breach is when the time ran out, at
 * that instant: between facts, or before `now`.
 */
export type SlaMetric = 'response' | 'resolution';

export interface SlaStep {
  readonly metric: SlaMetric;
  readonly cycle: number;
  readonly kind: 'started' | 'paused' | 'resumed' | 'retargeted' | 'stopped' | 'breached';
  readonly at: string;
  /** The incident's fact that caused the step (its revision and type); null for a breach, which no fact causes. */
  readonly causedBy: { readonly revision: number; readonly type: string } | null;
  /** Business time used so far, at this step. */
  readonly elapsedMs: number;
  readonly targetMs: number;
  /** When the time runs out if the clock keeps running; null while paused or once stopped. */
  readonly dueAt: string | null;
  /** A pause's hold reason; a resume's business time paused; a stop's verdict. */
  readonly holdReason?: string;
  readonly pausedMs?: number;
  readonly met?: boolean;
}

export interface SlaClockView {
  readonly metric: SlaMetric;
  readonly cycle: number;
  readonly state: SlaClock['state'];
  readonly targetMs: number;
  readonly elapsedMs: number;
  readonly dueAt: string | null;
  readonly breached: boolean;
}

export interface IncidentSla {
  /** The policy and calendar versions it is measured against; null when no policy measures it. */
  readonly policy: { readonly name: string; readonly version: number } | null;
  readonly calendars: readonly { readonly name: string; readonly version: number }[];
  readonly steps: readonly SlaStep[];
  /** Each metric's latest cycle, as it stands at `now`. */
  readonly clocks: readonly SlaClockView[];
}

export interface RecordedIncidentFact {
  readonly revision: number;
  readonly occurredAt: string;
  readonly event: IncidentEvent;
}

interface Running {
  clock: SlaClock;
  cycle: number;
  breachNoted: boolean;
}

export function incidentSla(facts: readonly RecordedIncidentFact[], configuration: SlaConfiguration, now: string): IncidentSla {
  const opened = openingOf(facts);
  if (opened === null) return { policy: null, calendars: [], steps: [], clocks: [] };
  const { priority, assignmentGroup, configurationItemId } = opened;
  const policy = policyFor(configuration, { priority, assignmentGroup, configurationItemId }, opened.occurredAt);
  if (policy === null) return { policy: null, calendars: [], steps: [], clocks: [] };

  const calendars = new Map<string, { version: number; calendar: BusinessCalendar }>();
  const calendarOf = (target: SlaTargetDefinition): BusinessCalendar => {
    if (target.calendar === null) return ALWAYS_WORKING;
    const known = calendars.get(target.calendar);
    if (known !== undefined) return known.calendar;
    const version = calendarInForce(configuration, target.calendar, opened.occurredAt);
    // A policy names only calendars in force when it takes effect; a later one cannot be missing.
    const calendar = version ?? ALWAYS_WORKING;
    calendars.set(target.calendar, { version: version?.version ?? 0, calendar });
    return calendar;
  };
  const targetOf = (metric: SlaMetric, forPriority: Priority) => policy.targets.find((target) => target.priority === forPriority)?.[metric] ?? null;

  const steps: SlaStep[] = [];
  const clocks = new Map<SlaMetric, Running>();
  const record = (metric: SlaMetric, running: Running, kind: SlaStep['kind'], at: number, causedBy: SlaStep['causedBy'], more: Partial<SlaStep> = {}) => {
    const due = dueAt(running.clock);
    steps.push({ metric, cycle: running.cycle, kind, at: iso(at), causedBy, elapsedMs: elapsedAt(running.clock, at), targetMs: running.clock.targetMs, dueAt: due === null ? null : iso(due), ...more });
  };
  /** A running clock whose time ran out before `until`: its breach, once per cycle. */
  const breachesBefore = (until: number) => {
    for (const [metric, running] of clocks) {
      const due = dueAt(running.clock);
      // Due exactly when it stopped is met: a breach is time used beyond the target.
      if (running.breachNoted || due === null || due >= until) continue;
      running.breachNoted = true;
      steps.push({ metric, cycle: running.cycle, kind: 'breached', at: iso(due), causedBy: null, elapsedMs: running.clock.targetMs, targetMs: running.clock.targetMs, dueAt: iso(due) });
    }
  };
  const start = (metric: SlaMetric, cycle: number, at: number, causedBy: SlaStep['causedBy'], forPriority: Priority) => {
    const target = targetOf(metric, forPriority);
    if (target === null) return;
    const running: Running = { clock: startSlaClock(calendarOf(target), target.minutes * 60_000, at), cycle, breachNoted: false };
    clocks.set(metric, running);
    record(metric, running, 'started', at, causedBy);
  };
  const change = (metric: SlaMetric, at: number, causedBy: SlaStep['causedBy'], next: (clock: SlaClock) => SlaClock, kind: SlaStep['kind'], more: (before: SlaClock, after: SlaClock) => Partial<SlaStep> = () => ({})) => {
    const running = clocks.get(metric);
    if (running === undefined) return;
    const before = running.clock;
    const after = next(before);
    if (after === before) return;
    running.clock = after;
    record(metric, running, kind, at, causedBy, more(before, after));
  };

  const reopen = (at: number, causedBy: SlaStep['causedBy']) => {
    const resolution = clocks.get('resolution');
    if (resolution === undefined) return;
    if (policy.onReopen === 'restart') start('resolution', resolution.cycle + 1, at, causedBy, currentPriority);
    else {
      // Resumed where it stopped: the time it stood resolved is not counted.
      resolution.clock = { ...resolution.clock, state: 'running', since: at, pausedSince: null };
      record('resolution', resolution, 'resumed', at, causedBy);
    }
  };

  const METRICS = ['response', 'resolution'] as const;
  const stop = (metrics: readonly SlaMetric[], at: number, causedBy: SlaStep['causedBy']) => {
    for (const metric of metrics) change(metric, at, causedBy, (clock) => stopSlaClock(clock, at), 'stopped', (_, after) => ({ met: slaMet(after) }));
  };
  const pause = (at: number, causedBy: SlaStep['causedBy'], holdReason: string) => {
    for (const metric of METRICS) change(metric, at, causedBy, (clock) => pauseSlaClock(clock, at), 'paused', () => ({ holdReason }));
  };
  const resume = (at: number, causedBy: SlaStep['causedBy']) => {
    for (const metric of METRICS) change(metric, at, causedBy, (clock) => resumeSlaClock(clock, at), 'resumed', (before, after) => ({ pausedMs: after.pausedMs - before.pausedMs }));
  };
  const reprioritise = (to: Priority, at: number, causedBy: SlaStep['causedBy']) => {
    currentPriority = to;
    for (const metric of METRICS) {
      const target = targetOf(metric, to);
      if (target !== null) change(metric, at, causedBy, (clock) => (clock.targetMs === target.minutes * 60_000 ? clock : retargetSlaClock(clock, target.minutes * 60_000, at)), 'retargeted');
    }
  };

  let currentPriority = priority;
  let held: string | null = null;
  let previous: ImportedIncidentReading | null = null;
  for (const fact of facts) {
    const at = Date.parse(fact.occurredAt);
    breachesBefore(at);
    const causedBy = { revision: fact.revision, type: fact.event.type };
    const { event } = fact;
    switch (event.type) {
      case 'IncidentVersionImported': {
        // A version read from another tool: its differences from the version before are the facts.
        const { reading, source } = event.data;
        if (source.arrivedLate) break;
        if (previous === null) for (const metric of METRICS) start(metric, 1, Math.min(at, Date.parse(opened.occurredAt)), causedBy, currentPriority);
        const was = previous?.status ?? 'new';
        if (reading.priority !== currentPriority) reprioritise(reading.priority, at, causedBy);
        if (reading.assignee !== null || reading.status !== 'new') stop(['response'], at, causedBy);
        const ends = (status: string) => status === 'resolved' || status === 'closed' || status === 'cancelled';
        const pausedNow = reading.status === 'on_hold' && reading.holdReason !== null && pauses(policy, reading.holdReason);
        if (pausedNow && held === null) pause(at, causedBy, reading.holdReason!);
        if (!pausedNow && held !== null && !ends(reading.status)) resume(at, causedBy);
        held = pausedNow ? reading.holdReason : null;
        if (ends(reading.status) && !ends(was)) stop(METRICS, at, causedBy);
        if (!ends(reading.status) && (was === 'resolved' || was === 'closed')) reopen(at, causedBy);
        previous = reading;
        break;
      }
      case 'IncidentOpened':
        start('response', 1, at, causedBy, currentPriority);
        start('resolution', 1, at, causedBy, currentPriority);
        break;
      case 'IncidentAssigned':
      case 'IncidentReassigned':
        if (event.data.assignee !== null) stop(['response'], at, causedBy);
        break;
      case 'IncidentWorkStarted':
        stop(['response'], at, causedBy);
        break;
      case 'IncidentReclassified':
        reprioritise(event.data.priority, at, causedBy);
        break;
      case 'IncidentPutOnHold':
        held = pauses(policy, event.data.reason) ? event.data.reason : null;
        if (held !== null) pause(at, causedBy, event.data.reason);
        break;
      case 'IncidentResumed':
        if (held !== null) resume(at, causedBy);
        held = null;
        break;
      case 'IncidentResolved':
      case 'IncidentCancelled':
        held = null;
        stop(METRICS, at, causedBy);
        break;
      case 'IncidentReopened':
        reopen(at, causedBy);
        break;
      default:
        break;
    }
  }
  const nowMs = Date.parse(now);
  breachesBefore(nowMs);
  const views: SlaClockView[] = [...clocks].map(([metric, { clock, cycle }]) => {
    const due = dueAt(clock);
    return { metric, cycle, state: clock.state, targetMs: clock.targetMs, elapsedMs: elapsedAt(clock, Math.max(nowMs, clock.since)), dueAt: due === null ? null : iso(due), breached: !slaMet({ ...clock, elapsedMs: elapsedAt(clock, Math.max(nowMs, clock.since)) }) };
  });
  steps.sort((a, b) => a.at.localeCompare(b.at) || (a.causedBy?.revision ?? Infinity) - (b.causedBy?.revision ?? Infinity));
  return { policy: { name: policy.name, version: policy.version }, calendars: [...calendars].map(([name, { version }]) => ({ name, version })), steps, clocks: views };
}

/** What an SLA starts from: the opening, or the first version imported from another tool (measured from its opening time). */
function openingOf(facts: readonly RecordedIncidentFact[]): { priority: Priority; assignmentGroup: string | null; configurationItemId: string | null; occurredAt: string } | null {
  for (const { event, occurredAt } of facts) {
    if (event.type === 'IncidentOpened') return { ...event.data, occurredAt };
    if (event.type === 'IncidentVersionImported' && !event.data.source.arrivedLate) {
      const { reading } = event.data;
      return { priority: reading.priority, assignmentGroup: reading.assignmentGroup, configurationItemId: null, occurredAt: reading.openedAt ?? occurredAt };
    }
  }
  return null;
}

function pauses(policy: SlaPolicyVersion, reason: string): boolean {
  return (policy.pausingHoldReasons as readonly string[]).includes(reason);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
