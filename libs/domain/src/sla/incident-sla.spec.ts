import { fold } from '../shared/decider';
import type { IncidentEvent } from '../incident/incident-events';
import { incidentSla as measure, measuredBy, type RecordedIncidentFact, type SlaMeasure } from './incident-sla';
import { slaConfigurationDecider, type SlaConfigurationEvent } from './sla-configuration';

const office = [[], ...Array.from({ length: 5 }, () => [{ start: '09:00', end: '17:00' }]), []];
const targets = [
  { priority: 1 as const, response: { minutes: 15, calendar: null }, resolution: { minutes: 240, calendar: 'berlin-office' } },
  { priority: 3 as const, response: { minutes: 60, calendar: null }, resolution: { minutes: 480, calendar: 'berlin-office' } },
];
const configuration = (onReopen: 'resume' | 'restart' = 'resume') =>
  fold(slaConfigurationDecider, [
    { type: 'BusinessCalendarDefined', data: { name: 'berlin-office', version: 1, effectiveFrom: '2026-01-01T00:00:00.000Z', timeZone: 'Europe/Berlin', week: office, holidays: ['2026-12-25'] } },
    { type: 'SlaPolicyDefined', data: { name: 'standard', version: 3, effectiveFrom: '2026-01-01T00:00:00.000Z', scope: { assignmentGroup: null, configurationItemId: null }, targets, atRiskPercent: 75, pausingHoldReasons: ['awaiting_caller'], onReopen } },
  ] as SlaConfigurationEvent[]);

/** An incident's facts, one per entry: [UTC time, event]. Mon 30 Nov 2026; Berlin is UTC+1. */
function facts(...entries: [string, IncidentEvent['type'], Record<string, unknown>?][]): RecordedIncidentFact[] {
  return entries.map(([time, type, data], revision) => ({
    revision,
    occurredAt: `2026-${time}:00.000Z`,
    event: { type, data: { incidentId: 'INC1', ...(type === 'IncidentOpened' ? { priority: 3, assignmentGroup: 'desk', configurationItemId: null } : {}), ...data } } as IncidentEvent,
  }));
}
const HOUR = 3_600_000;
/** These cases measure under a configuration (the what-if path); recorded-terms.spec.ts checks the recorded path gives the same. */
const incidentSla = (history: readonly RecordedIncidentFact[], configuration: Parameters<typeof measuredBy>[0], now: string) => measure(history, measuredBy(configuration) as SlaMeasure, now);

describe("An incident's service levels, from its facts (hand-computed, Mon–Fri 09–17 Berlin)", () => {
  it('starts both clocks at opening, stops the response at the first named assignee, and runs resolution to its due date', () => {
    const sla = incidentSla(facts(['11-30T09:00', 'IncidentOpened'], ['11-30T09:30', 'IncidentAssigned', { assignmentGroup: 'desk', assignee: 'ann' }]), configuration(), '2026-11-30T10:00:00Z');
    expect(sla.policy).toEqual({ name: 'standard', version: 3 });
    expect(sla.calendars).toEqual([{ name: 'berlin-office', version: 1 }]);
    expect(sla.steps.map((step) => [step.metric, step.kind, step.at, step.elapsedMs, step.dueAt, step.met ?? null])).toEqual([
      ['response', 'started', '2026-11-30T09:00:00.000Z', 0, '2026-11-30T10:00:00.000Z', null],
      ['resolution', 'started', '2026-11-30T09:00:00.000Z', 0, '2026-12-01T09:00:00.000Z', null],
      ['response', 'stopped', '2026-11-30T09:30:00.000Z', 0.5 * HOUR, null, true],
    ]);
    expect(sla.clocks).toMatchObject([{ metric: 'response', state: 'stopped', breached: false }, { metric: 'resolution', state: 'running', elapsedMs: HOUR, breached: false }]);
  });

  it('pauses for a hold the policy names, by exactly the business time held, and not for one it does not', () => {
    const held = facts(['11-30T09:00', 'IncidentOpened'], ['11-30T09:10', 'IncidentWorkStarted'], ['11-30T10:00', 'IncidentPutOnHold', { reason: 'awaiting_caller' }], ['11-30T12:30', 'IncidentResumed']);
    const resumed = incidentSla(held, configuration(), '2026-11-30T13:00:00Z').steps.filter((step) => step.metric === 'resolution').at(-1)!;
    expect([resumed.kind, resumed.pausedMs, resumed.elapsedMs, resumed.dueAt]).toEqual(['resumed', 2.5 * HOUR, HOUR, '2026-12-01T11:30:00.000Z']);
    const vendor = facts(['11-30T09:00', 'IncidentOpened'], ['11-30T10:00', 'IncidentPutOnHold', { reason: 'awaiting_vendor' }], ['11-30T12:30', 'IncidentResumed']);
    expect(incidentSla(vendor, configuration(), '2026-11-30T13:00:00Z').steps.filter((step) => step.kind === 'paused')).toEqual([]);
  });

  it('records a breach when the time ran out, at that instant, before `now` or between facts; a stop at the due date is met', () => {
    const late = incidentSla(facts(['11-30T09:00', 'IncidentOpened']), configuration(), '2026-12-02T12:00:00Z');
    expect(late.steps.filter((step) => step.kind === 'breached').map((step) => [step.metric, step.at])).toEqual([
      ['response', '2026-11-30T10:00:00.000Z'],
      ['resolution', '2026-12-01T09:00:00.000Z'],
    ]);
    expect(late.clocks.map((clock) => clock.breached)).toEqual([true, true]);
    const onTime = incidentSla(facts(['11-30T09:00', 'IncidentOpened'], ['11-30T10:00', 'IncidentWorkStarted'], ['12-01T09:00', 'IncidentResolved']), configuration(), '2026-12-02T12:00:00Z');
    expect(onTime.steps.filter((step) => step.kind === 'breached' || step.kind === 'stopped').map((step) => [step.metric, step.kind, step.met])).toEqual([
      ['response', 'stopped', true],
      ['resolution', 'stopped', true],
    ]);
  });

  it('retargets on reprioritisation, keeping the time used: raised to P1 after 2 h, due 2 h later', () => {
    const raised = incidentSla(facts(['11-30T09:00', 'IncidentOpened'], ['11-30T09:05', 'IncidentWorkStarted'], ['11-30T11:00', 'IncidentReclassified', { priority: 1 }]), configuration(), '2026-11-30T11:00:00Z');
    expect(raised.steps.at(-1)).toMatchObject({ metric: 'resolution', kind: 'retargeted', elapsedMs: 2 * HOUR, targetMs: 4 * HOUR, dueAt: '2026-11-30T13:00:00.000Z' });
  });

  it('resumes the resolution clock on reopening, or restarts it as a new cycle, as the policy says', () => {
    const history = facts(['11-30T09:00', 'IncidentOpened'], ['11-30T09:05', 'IncidentWorkStarted'], ['11-30T11:00', 'IncidentResolved'], ['12-01T09:00', 'IncidentReopened', { reopenCount: 1 }]);
    const resumed = incidentSla(history, configuration('resume'), '2026-12-01T09:00:00Z');
    expect(resumed.steps.at(-1)).toMatchObject({ metric: 'resolution', cycle: 1, kind: 'resumed', elapsedMs: 2 * HOUR, dueAt: '2026-12-01T15:00:00.000Z' }); // 6 h left from Tue 10:00 local
    const restarted = incidentSla(history, configuration('restart'), '2026-12-01T09:00:00Z');
    expect(restarted.steps.filter((step) => step.metric === 'resolution').map((step) => [step.cycle, step.kind, step.met ?? null])).toEqual([
      [1, 'started', null],
      [1, 'stopped', true],
      [2, 'started', null],
    ]);
  });

  it('measures nothing when no policy in force has a target for the priority', () => {
    const p5 = facts(['11-30T09:00', 'IncidentOpened', { priority: 5 }]);
    expect(incidentSla(p5, configuration(), '2026-12-01T00:00:00Z')).toEqual({ policy: null, calendars: [], steps: [], clocks: [] });
  });
});

describe('Service levels of an incident imported from another tool (what-if: its versions read as its facts)', () => {
  const version = (time: string, reading: Record<string, unknown>, revision: number): RecordedIncidentFact => ({
    revision,
    occurredAt: `2026-${time}:00.000Z`,
    event: {
      type: 'IncidentVersionImported',
      data: {
        incidentId: 'INC9', number: 'INC0000045', holdsNumber: true, holdNumber: null, resolutionNumber: null, row: {},
        source: { arrivedLate: false, fillsGap: false, missingVersionsBefore: [] },
        reading: { status: 'new', holdReason: null, priority: 3, assignmentGroup: 'desk', assignee: null, openedAt: '2026-11-30T08:30:00.000Z', ...reading },
      },
    } as unknown as IncidentEvent,
  });

  it('starts at its opening, pauses while awaiting the caller, and stops when a version reads resolved', () => {
    const history = [
      version('11-30T09:00', {}, 0),
      version('11-30T09:30', { status: 'in_progress', assignee: 'Resolver 1' }, 1),
      version('11-30T10:00', { status: 'on_hold', holdReason: 'awaiting_caller' }, 2),
      version('11-30T12:00', { status: 'in_progress' }, 3),
      version('11-30T14:00', { status: 'resolved' }, 4),
      version('12-03T10:00', { status: 'closed' }, 5),
    ];
    const sla = incidentSla(history, configuration(), '2026-12-04T00:00:00Z');
    expect(sla.steps.map((step) => [step.metric, step.kind, step.at])).toEqual([
      ['response', 'started', '2026-11-30T08:30:00.000Z'],
      ['resolution', 'started', '2026-11-30T08:30:00.000Z'],
      ['response', 'stopped', '2026-11-30T09:30:00.000Z'],
      ['resolution', 'paused', '2026-11-30T10:00:00.000Z'],
      ['resolution', 'resumed', '2026-11-30T12:00:00.000Z'],
      ['resolution', 'stopped', '2026-11-30T14:00:00.000Z'],
    ]);
    // 08:30–10:00 and 12:00–14:00 UTC: 3.5 h of 8 h used.
    expect(sla.steps.at(-1)).toMatchObject({ elapsedMs: 3.5 * HOUR, met: true });
  });
});
