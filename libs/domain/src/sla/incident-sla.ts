import type { ImportedIncidentReading, IncidentEvent } from '../incident/incident-events';
import type { Priority } from '../incident/priority-matrix';
import { ALWAYS_WORKING, type BusinessCalendar } from './business-calendar';
import type { SlaConfiguration, SlaPolicyVersion } from './sla-configuration';
import { dueAt, elapsedAt, markAt, pauseSlaClock, resumeSlaClock, retargetSlaClock, slaMet, startSlaClock, stopSlaClock, type SlaClock } from './sla-clock';
import { slaTermsFor, type SlaMetric, type SlaTerms } from './sla-terms';

/**
 * An incident's service levels, read from its facts (issue 11): a response clock (until someone is
 * assigned or starts work) and a resolution clock (until it is resolved), each paused while on hold
 * for a reason the policy names, retargeted when the priority changes (the time elapsed stays), and
 * on reopening resumed or restarted as the policy says (a restart is a new cycle; the earlier
 * cycle's result is kept). Every step names the fact that caused it and the business time elapsed
 * then. A breach is when the time ran out, at that instant: between facts, or before `now`.
 *
 * The fold is incremental and its state is plain data, so a projection keeps it in a document and
 * the deadline watcher decides from it which facts are due (ADR 19).
 */
export type { SlaMetric } from './sla-terms';

export interface SlaStep {
  readonly metric: SlaMetric;
  readonly cycle: number;
  readonly kind: 'started' | 'paused' | 'resumed' | 'retargeted' | 'stopped' | 'at_risk' | 'breached';
  readonly at: string;
  /** The incident's fact that caused the step (its revision and type); null for a breach not yet recorded as a fact. */
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

/**
 * Which terms measure the incident. `recorded`: those its SlaStarted fact names (what the product
 * measures, fixed when the SLA started). A configuration: the policy in force at its opening in that
 * configuration, whatever was recorded (what-if, and histories imported from another tool).
 */
export type SlaMeasure = { readonly terms: 'recorded' } | { readonly terms: 'configuration'; readonly configuration: SlaConfiguration };
export const RECORDED_TERMS: SlaMeasure = { terms: 'recorded' };
export const measuredBy = (configuration: SlaConfiguration): SlaMeasure => ({ terms: 'configuration', configuration });

/** One cycle of one metric's clock, as data (the calendar by name, resolved from the terms). */
export interface SlaClockRecord extends Omit<SlaClock, 'calendar'> {
  readonly metric: SlaMetric;
  readonly cycle: number;
  readonly calendar: string | null;
  /** When the target ran out, once a later fact (or the stop) showed it did. */
  readonly breachedAt: number | null;
  readonly atRiskRecorded: boolean;
  readonly breachRecorded: boolean;
  /** The incident's priority and group as the cycle last stood (for attainment reports). */
  readonly priority: Priority;
  readonly assignmentGroup: string | null;
}

export interface SlaState {
  readonly terms: SlaTerms | null;
  readonly incident: {
    readonly incidentId: string;
    readonly number: string | null;
    readonly openedAt: string;
    readonly priority: Priority;
    readonly assignmentGroup: string | null;
    readonly configurationItemId: string | null;
    /** The first named assignee or start of work, kept even before an SLA starts (an escalation starts it later). */
    readonly respondedAt?: string;
  } | null;
  readonly held: string | null;
  /** The last version imported from another tool: the next one's differences are its facts. */
  readonly previous: ImportedIncidentReading | null;
  /** Each metric's latest cycle. */
  readonly current: Partial<Record<SlaMetric, SlaClockRecord>>;
  /** Earlier cycles (a restart on reopening), their results kept. */
  readonly ended: readonly SlaClockRecord[];
}

export const SLA_NOT_STARTED: SlaState = { terms: null, incident: null, held: null, previous: null, current: {}, ended: [] };
const METRICS = ['response', 'resolution'] as const;
type Cause = SlaStep['causedBy'];
type Working = { -readonly [K in keyof SlaState]: SlaState[K] } & { current: Partial<Record<SlaMetric, SlaClockRecord>> };

/** The state after one more fact; `emit` hears each step it makes (the timeline), in order. */
export function evolveSla(state: SlaState, fact: RecordedIncidentFact, measure: SlaMeasure, emit: (step: SlaStep) => void = () => undefined): SlaState {
  const s: Working = { ...state, current: { ...state.current } };
  const at = Date.parse(fact.occurredAt);
  const causedBy: Cause = { revision: fact.revision, type: fact.event.type };
  noticeBreachesBefore(s, at, emit);
  const { event } = fact;
  switch (event.type) {
    case 'IncidentOpened': {
      if (s.incident !== null) break;
      const { incidentId, priority, assignmentGroup, configurationItemId, number } = event.data;
      s.incident = { incidentId, number: number ?? null, openedAt: fact.occurredAt, priority, assignmentGroup, configurationItemId };
      if (measure.terms === 'configuration') {
        s.terms = slaTermsFor(measure.configuration, s.incident, fact.occurredAt);
        startAll(s, at, causedBy, emit);
      }
      break;
    }
    case 'SlaStarted':
      if (measure.terms !== 'recorded' || s.incident === null || s.terms !== null) break;
      s.terms = { policy: event.data.policy, calendars: event.data.calendars };
      startAll(s, Date.parse(s.incident.openedAt), causedBy, emit);
      break;
    case 'SlaAtRisk':
    case 'SlaBreached': {
      const recorded = event.type === 'SlaAtRisk' ? { atRiskRecorded: true } : { breachRecorded: true };
      const { metric, cycle } = event.data;
      const current = s.current[metric];
      if (current?.cycle === cycle) s.current[metric] = { ...current, ...recorded };
      else s.ended = s.ended.map((record) => (record.metric === metric && record.cycle === cycle ? { ...record, ...recorded } : record));
      const record = current?.cycle === cycle ? current : s.ended.find((ended) => ended.metric === metric && ended.cycle === cycle);
      if (event.type === 'SlaAtRisk' && record !== undefined) {
        emit({ metric, cycle, kind: 'at_risk', at: event.data.markAt, causedBy, elapsedMs: Math.ceil(record.targetMs * (event.data.atRiskPercent / 100)), targetMs: event.data.targetMs, dueAt: event.data.dueAt });
      }
      break;
    }
    case 'IncidentVersionImported': {
      // A version read from another tool: its differences from the version before are the facts.
      const { reading, source } = event.data;
      if (source.arrivedLate) break;
      if (s.incident === null) {
        const openedAt = reading.openedAt !== null && Date.parse(reading.openedAt) < at ? reading.openedAt : fact.occurredAt;
        s.incident = { incidentId: event.data.incidentId, number: event.data.number, openedAt, priority: reading.priority, assignmentGroup: reading.assignmentGroup, configurationItemId: null };
        if (measure.terms === 'configuration') {
          s.terms = slaTermsFor(measure.configuration, s.incident, openedAt);
          startAll(s, Date.parse(openedAt), causedBy, emit);
        }
      }
      const was = s.previous?.status ?? 'new';
      regroup(s, reading.assignmentGroup);
      if (reading.priority !== s.incident.priority) reprioritise(s, reading.priority, at, causedBy, emit);
      if (reading.assignee !== null || reading.status !== 'new') {
        stop(s, ['response'], at, causedBy, emit);
        responded(s, fact.occurredAt);
      }
      const ends = (status: string) => status === 'resolved' || status === 'closed' || status === 'cancelled';
      const pausedNow = reading.status === 'on_hold' && reading.holdReason !== null && pauses(s.terms?.policy, reading.holdReason);
      if (pausedNow && s.held === null) pause(s, at, causedBy, reading.holdReason!, emit);
      if (!pausedNow && s.held !== null && !ends(reading.status)) resume(s, at, causedBy, emit);
      s.held = pausedNow ? reading.holdReason : null;
      if (ends(reading.status) && !ends(was)) stop(s, METRICS, at, causedBy, emit);
      if (!ends(reading.status) && (was === 'resolved' || was === 'closed')) reopen(s, at, causedBy, emit);
      s.previous = reading;
      break;
    }
    case 'IncidentAssigned':
    case 'IncidentReassigned':
      regroup(s, event.data.assignmentGroup);
      if (event.data.assignee !== null) {
        stop(s, ['response'], at, causedBy, emit);
        responded(s, fact.occurredAt);
      }
      break;
    case 'IncidentWorkStarted':
      stop(s, ['response'], at, causedBy, emit);
      responded(s, fact.occurredAt);
      break;
    case 'IncidentReclassified':
      reprioritise(s, event.data.priority, at, causedBy, emit);
      // Escalated into a priority the configuration measures (what-if): its SLA starts now, from the opening.
      if (s.terms === null && s.incident !== null && measure.terms === 'configuration') {
        s.terms = slaTermsFor(measure.configuration, s.incident, fact.occurredAt);
        startAll(s, Date.parse(s.incident.openedAt), causedBy, emit);
      }
      break;
    case 'IncidentPutOnHold':
      s.held = pauses(s.terms?.policy, event.data.reason) ? event.data.reason : null;
      if (s.held !== null) pause(s, at, causedBy, event.data.reason, emit);
      break;
    case 'IncidentResumed':
      if (s.held !== null) resume(s, at, causedBy, emit);
      s.held = null;
      break;
    case 'IncidentResolved':
    case 'IncidentCancelled':
      s.held = null;
      stop(s, METRICS, at, causedBy, emit);
      break;
    case 'IncidentReopened':
      reopen(s, at, causedBy, emit);
      break;
    default:
      break;
  }
  return s;
}

/** The whole story: every step, and each clock as it stands at `now`. */
export function incidentSla(facts: readonly RecordedIncidentFact[], measure: SlaMeasure, now: string): IncidentSla {
  const steps: SlaStep[] = [];
  const emit = (step: SlaStep) => steps.push(step);
  let state = SLA_NOT_STARTED;
  for (const fact of facts) state = evolveSla(state, fact, measure, emit);
  if (state.terms === null) return { policy: null, calendars: [], steps: [], clocks: [] };
  const nowMs = Date.parse(now);
  const working: Working = { ...state, current: { ...state.current } };
  noticeBreachesBefore(working, nowMs, emit);
  // A breach recorded as a fact names it; one not (yet) recorded is the arithmetic's alone.
  const recordedBreaches = new Map(facts.filter(({ event }) => event.type === 'SlaBreached').map(({ event, revision }) => [`${(event.data as { metric: string }).metric}:${(event.data as { cycle: number }).cycle}`, revision]));
  const named = steps.map((step) => {
    const revision = step.kind === 'breached' ? recordedBreaches.get(`${step.metric}:${step.cycle}`) : undefined;
    return revision === undefined ? step : { ...step, causedBy: { revision, type: 'SlaBreached' } };
  });
  named.sort((a, b) => a.at.localeCompare(b.at) || (a.causedBy?.revision ?? Infinity) - (b.causedBy?.revision ?? Infinity));
  const { policy, calendars } = state.terms;
  return { policy: { name: policy.name, version: policy.version }, calendars: calendars.map(({ name, version }) => ({ name, version })), steps: named, clocks: slaClocksAt(state, nowMs) };
}

/** Each metric's latest cycle at `now` (ms): elapsed business time, due date, and whether breached. */
export function slaClocksAt(state: SlaState, nowMs: number): SlaClockView[] {
  if (state.terms === null) return [];
  return METRICS.flatMap((metric) => {
    const record = state.current[metric];
    if (record === undefined) return [];
    const clock = clockOf(state.terms!, record);
    const elapsedMs = elapsedAt(clock, Math.max(nowMs, clock.since));
    const due = dueAt(clock);
    // A breach stays through a hold, a resume or a reopening; only a new target judges it again.
    return [{ metric, cycle: record.cycle, state: clock.state, targetMs: clock.targetMs, elapsedMs, dueAt: due === null ? null : iso(record.breachedAt ?? due), breached: record.breachedAt !== null || elapsedMs > clock.targetMs }];
  });
}

/** When the cycle's time runs out if it keeps running, and when it is at risk (null: paused, stopped, or past it). */
export function slaDeadlines(terms: SlaTerms, record: SlaClockRecord): { readonly dueAt: number | null; readonly atRiskAt: number | null } {
  const clock = clockOf(terms, record);
  const due = dueAt(clock);
  if (due === null) return { dueAt: null, atRiskAt: null };
  // Once the time ran out, it is due when it ran out, not from its last change (a resume, a reopening).
  return { dueAt: record.breachedAt ?? due, atRiskAt: markAt(clock, terms.policy.atRiskPercent / 100) ?? clock.since };
}

/**
 * When a cycle's time ran out: as far as its facts show (a breach noticed between facts, a paused or
 * stopped clock past its target) and, for a running clock judged at `nowMs`, its due date before then.
 * Without `nowMs`, only what the facts show.
 */
export function slaRanOutAt(terms: SlaTerms, record: SlaClockRecord, nowMs = Number.NEGATIVE_INFINITY): number | null {
  if (record.breachedAt !== null) return record.breachedAt;
  if (record.state !== 'running') return record.elapsedMs > record.targetMs ? record.since : null;
  if (nowMs === Number.NEGATIVE_INFINITY) return null;
  const { dueAt } = slaDeadlines(terms, record);
  return dueAt !== null && dueAt < nowMs ? dueAt : null;
}

export type SlaVerdict = 'met' | 'breached' | 'running' | 'not_measured';

/** A target's verdict as its latest cycle stands in `clocks`: breached once its time ran out, met once stopped in time, running otherwise. */
export function slaVerdict(clocks: readonly SlaClockView[], metric: SlaMetric): SlaVerdict {
  const clock = clocks.find((candidate) => candidate.metric === metric);
  if (clock === undefined) return 'not_measured';
  if (clock.breached) return 'breached';
  return clock.state === 'stopped' ? 'met' : 'running';
}

export function clockOf(terms: SlaTerms, record: SlaClockRecord): SlaClock {
  return { ...record, calendar: calendarNamed(terms, record.calendar) };
}

function calendarNamed(terms: SlaTerms, name: string | null): BusinessCalendar {
  if (name === null) return ALWAYS_WORKING;
  // A policy names only calendars in force when it takes effect, and its terms carry them all.
  return terms.calendars.find((calendar) => calendar.name === name) ?? ALWAYS_WORKING;
}

function targetOf(terms: SlaTerms, metric: SlaMetric, priority: Priority) {
  return terms.policy.targets.find((target) => target.priority === priority)?.[metric] ?? null;
}

/**
 * Starts both clocks at `at` (the opening). An SLA that starts later, on an escalation into a priority
 * a policy measures, starts from the opening too (ServiceNow's retroactive start): its response counts
 * as given when it was, and holds before the escalation did not pause it.
 */
function startAll(s: Working, at: number, causedBy: Cause, emit: (step: SlaStep) => void): void {
  for (const metric of METRICS) start(s, metric, 1, at, causedBy, emit);
  const respondedAt = s.incident?.respondedAt;
  if (respondedAt !== undefined) {
    noticeBreachesBefore(s, Date.parse(respondedAt), emit);
    stop(s, ['response'], Date.parse(respondedAt), causedBy, emit);
  }
}

function responded(s: Working, at: string): void {
  if (s.incident !== null && s.incident.respondedAt === undefined) s.incident = { ...s.incident, respondedAt: at };
}

function start(s: Working, metric: SlaMetric, cycle: number, at: number, causedBy: Cause, emit: (step: SlaStep) => void): void {
  if (s.terms === null || s.incident === null) return;
  const target = targetOf(s.terms, metric, s.incident.priority);
  if (target === null) return;
  const { calendar, ...clock } = startSlaClock(calendarNamed(s.terms, target.calendar), target.minutes * 60_000, at);
  void calendar;
  const previous = s.current[metric];
  if (previous !== undefined) s.ended = [...s.ended, previous];
  s.current[metric] = { ...clock, metric, cycle, calendar: target.calendar, breachedAt: null, atRiskRecorded: false, breachRecorded: false, priority: s.incident.priority, assignmentGroup: s.incident.assignmentGroup };
  record(s, metric, 'started', at, causedBy, emit);
}

function record(s: Working, metric: SlaMetric, kind: SlaStep['kind'], at: number, causedBy: Cause, emit: (step: SlaStep) => void, more: Partial<SlaStep> = {}): void {
  const current = s.current[metric]!;
  const clock = clockOf(s.terms!, current);
  const due = dueAt(clock);
  emit({ metric, cycle: current.cycle, kind, at: iso(at), causedBy, elapsedMs: elapsedAt(clock, at), targetMs: clock.targetMs, dueAt: due === null ? null : iso(current.breachedAt ?? due), ...more });
}

/** A running clock whose time ran out before `until`: its breach, once per cycle. */
function noticeBreachesBefore(s: Working, until: number, emit: (step: SlaStep) => void): void {
  if (s.terms === null) return;
  for (const metric of METRICS) {
    const current = s.current[metric];
    if (current === undefined || current.breachedAt !== null) continue;
    const due = dueAt(clockOf(s.terms, current));
    // Due exactly when it stopped is met: a breach is time used beyond the target.
    if (due === null || due >= until) continue;
    s.current[metric] = { ...current, breachedAt: due };
    emit({ metric, cycle: current.cycle, kind: 'breached', at: iso(due), causedBy: null, elapsedMs: current.targetMs, targetMs: current.targetMs, dueAt: iso(due) });
  }
}

function change(
  s: Working,
  metric: SlaMetric,
  at: number,
  causedBy: Cause,
  next: (clock: SlaClock) => SlaClock,
  kind: SlaStep['kind'],
  emit: (step: SlaStep) => void,
  more: (before: SlaClock, after: SlaClock) => Partial<SlaStep> = () => ({}),
  calendarName?: string | null,
): void {
  const current = s.current[metric];
  if (current === undefined || s.terms === null) return;
  const before = clockOf(s.terms, current);
  const after = next(before);
  if (after === before) return;
  const { calendar, ...changed } = after;
  void calendar;
  s.current[metric] = { ...current, ...changed, ...(calendarName !== undefined && { calendar: calendarName }) };
  record(s, metric, kind, at, causedBy, emit, more(before, after));
}

function stop(s: Working, metrics: readonly SlaMetric[], at: number, causedBy: Cause, emit: (step: SlaStep) => void): void {
  for (const metric of metrics) change(s, metric, at, causedBy, (clock) => stopSlaClock(clock, at), 'stopped', emit, (_, after) => ({ met: slaMet(after) && s.current[metric]?.breachedAt === null }));
}

function pause(s: Working, at: number, causedBy: Cause, holdReason: string, emit: (step: SlaStep) => void): void {
  for (const metric of METRICS) change(s, metric, at, causedBy, (clock) => pauseSlaClock(clock, at), 'paused', emit, () => ({ holdReason }));
}

function resume(s: Working, at: number, causedBy: Cause, emit: (step: SlaStep) => void): void {
  for (const metric of METRICS) change(s, metric, at, causedBy, (clock) => resumeSlaClock(clock, at), 'resumed', emit, (before, after) => ({ pausedMs: after.pausedMs - before.pausedMs }));
}

function reprioritise(s: Working, to: Priority, at: number, causedBy: Cause, emit: (step: SlaStep) => void): void {
  if (s.incident === null) return;
  s.incident = { ...s.incident, priority: to };
  for (const metric of METRICS) {
    const current = s.current[metric];
    if (current !== undefined && current.state !== 'stopped') s.current[metric] = { ...current, priority: to };
    // A priority the policy has no target for keeps the clock on its last target.
    const target = s.terms === null ? null : targetOf(s.terms, metric, to);
    if (target === null || current === undefined) continue;
    const terms = s.terms!;
    const same = current.targetMs === target.minutes * 60_000 && current.calendar === target.calendar;
    // The time used so far is counted on the old calendar; from now on the new target's calendar counts.
    const retargeted = (clock: SlaClock) => (same || clock.state === 'stopped' ? clock : { ...retargetSlaClock(clock, target.minutes * 60_000, at), calendar: calendarNamed(terms, target.calendar) });
    change(s, metric, at, causedBy, retargeted, 'retargeted', emit, () => ({}), target.calendar);
    // Judged again against the new target, as ServiceNow's retroactive start does: within it, the clock
    // is no longer breached (a SlaBreached recorded against the old target stays in the history).
    const after = s.current[metric];
    if (after !== undefined && after.breachedAt !== null && after.state !== 'stopped' && after.elapsedMs <= after.targetMs) s.current[metric] = { ...after, breachedAt: null };
  }
}

function regroup(s: Working, assignmentGroup: string | null): void {
  if (s.incident === null || s.incident.assignmentGroup === assignmentGroup) return;
  s.incident = { ...s.incident, assignmentGroup };
  for (const metric of METRICS) {
    const current = s.current[metric];
    if (current !== undefined && current.state !== 'stopped') s.current[metric] = { ...current, assignmentGroup };
  }
}

function reopen(s: Working, at: number, causedBy: Cause, emit: (step: SlaStep) => void): void {
  const resolution = s.current.resolution;
  if (resolution === undefined || s.terms === null) return;
  if (s.terms.policy.onReopen === 'restart') start(s, 'resolution', resolution.cycle + 1, at, causedBy, emit);
  else {
    // Resumed where it stopped: the time it stood resolved is not counted.
    s.current.resolution = { ...resolution, state: 'running', since: at, pausedSince: null };
    record(s, 'resolution', 'resumed', at, causedBy, emit);
  }
}

function pauses(policy: SlaPolicyVersion | undefined, reason: string): boolean {
  return policy !== undefined && (policy.pausingHoldReasons as readonly string[]).includes(reason);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
