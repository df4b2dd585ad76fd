import { fold } from '../shared/decider';
import { incidentDecider } from '../incident/incident-decider';
import type { IncidentEvent } from '../incident/incident-events';
import { openIncident } from '../testing/incident-fixtures';
import { evolveSla, incidentSla, measuredBy, RECORDED_TERMS, SLA_NOT_STARTED, slaDeadlines, type RecordedIncidentFact } from './incident-sla';
import { slaConfigurationDecider, type SlaConfiguration, type SlaConfigurationEvent } from './sla-configuration';
import { slaDeadlineDecider, slaFactsDue } from './sla-deadline-facts';

const office = [[], ...Array.from({ length: 5 }, () => [{ start: '09:00', end: '17:00' }]), []];
const policy = (version: number, effectiveFrom: string, resolutionMinutes: number) =>
  ({
    type: 'SlaPolicyDefined',
    data: {
      name: 'standard', version, effectiveFrom, scope: { assignmentGroup: null, configurationItemId: null }, atRiskPercent: 75, pausingHoldReasons: ['awaiting_caller'], onReopen: 'restart',
      targets: [{ priority: 3, response: { minutes: 60, calendar: null }, resolution: { minutes: resolutionMinutes, calendar: 'berlin-office' } }],
    },
  }) as SlaConfigurationEvent;
const calendar = { type: 'BusinessCalendarDefined', data: { name: 'berlin-office', version: 1, effectiveFrom: '2026-01-01T00:00:00.000Z', timeZone: 'Europe/Berlin', week: office, holidays: [] } } as SlaConfigurationEvent;
const configuration: SlaConfiguration = fold(slaConfigurationDecider, [calendar, policy(1, '2026-01-01T00:00:00.000Z', 480)]);
const OPENED_AT = '2026-11-30T09:00:00.000Z'; // Mon 10:00 in Berlin
const HOUR = 3_600_000;

/** The facts the decider records for an opening at OPENED_AT (priority 3), then later facts. */
function history(slaConfiguration: SlaConfiguration | undefined, ...later: [string, IncidentEvent][]): RecordedIncidentFact[] {
  const opening = incidentDecider.decide({ ...openIncident({ impact: 2, urgency: 2, slaConfiguration }), context: { actor: 'ann', now: OPENED_AT } }, incidentDecider.initialState);
  return [...opening.map((event) => [OPENED_AT, event] as [string, IncidentEvent]), ...later].map(([occurredAt, event], revision) => ({ revision, occurredAt, event }));
}
const ev = (type: IncidentEvent['type'], data: Record<string, unknown> = {}) => ({ type, data: { incidentId: 'INC0010001', ...data } }) as IncidentEvent;
const stateOf = (facts: readonly RecordedIncidentFact[]) => facts.reduce((state, fact) => evolveSla(state, fact, RECORDED_TERMS), SLA_NOT_STARTED);

describe('An SLA starts with the opening, on the terms in force then (SlaStarted)', () => {
  it('records the policy version and its calendars whole, in the same append as the opening', () => {
    const [opened, started, ...rest] = history(configuration).map(({ event }) => event);
    expect(opened!.type).toBe('IncidentOpened');
    expect(rest).toEqual([]);
    expect(started).toEqual({ type: 'SlaStarted', data: { incidentId: 'INC0010001', policy: configuration.policies['standard']![0], calendars: [configuration.calendars['berlin-office']![0]] } });
  });

  it('starts none when no policy in force has a target for the priority, or no configuration is given', () => {
    const p5 = incidentDecider.decide({ ...openIncident({ impact: 3, urgency: 3, slaConfiguration: configuration }), context: { actor: 'ann', now: OPENED_AT } }, incidentDecider.initialState);
    expect(p5.map(({ type }) => type)).toEqual(['IncidentOpened']);
    expect(history(undefined).map(({ event }) => event.type)).toEqual(['IncidentOpened']);
  });

  it('measures by the recorded terms exactly as by the configuration they came from, and a later policy version changes nothing of it', () => {
    const facts = history(configuration, ['2026-11-30T09:30:00.000Z', ev('IncidentWorkStarted')]);
    const now = '2026-12-01T12:00:00.000Z';
    const recorded = incidentSla(facts, RECORDED_TERMS, now);
    const byConfiguration = incidentSla(facts, measuredBy(configuration), now);
    // The recorded path's first steps are caused by SlaStarted, the configuration's by the opening.
    const withoutCause = (sla: typeof recorded) => sla.steps.map(({ causedBy, ...step }) => (void causedBy, step));
    expect(withoutCause(recorded)).toEqual(withoutCause(byConfiguration));
    expect(recorded.steps[0]!.causedBy).toEqual({ revision: 1, type: 'SlaStarted' });
    const stricter = fold(slaConfigurationDecider, [calendar, policy(1, '2026-01-01T00:00:00.000Z', 480), policy(2, '2026-11-30T10:00:00.000Z', 60)]);
    expect(incidentSla(history(stricter), RECORDED_TERMS, now).policy).toEqual({ name: 'standard', version: 1 });
    expect(incidentSla(facts, RECORDED_TERMS, now).clocks.find((clock) => clock.metric === 'resolution')!.targetMs).toBe(8 * HOUR);
  });
});

describe('The deadline facts an incident is owed (what the watcher appends)', () => {
  // Resolution: 8 business hours from Mon 10:00 Berlin (7 on Monday, 1 on Tuesday) → due Tue 10:00 (09:00Z);
  // at risk at 75 %, 6 business hours → Mon 16:00 (15:00Z).
  const facts = history(configuration, ['2026-11-30T09:10:00.000Z', ev('IncidentWorkStarted')]);

  it('owes nothing before the at-risk mark, then SlaAtRisk once, then SlaBreached once', () => {
    expect(slaFactsDue(stateOf(facts), '2026-11-30T14:59:00.000Z')).toEqual([]);
    const atRisk = slaFactsDue(stateOf(facts), '2026-11-30T15:00:00.000Z');
    expect(atRisk).toEqual([
      {
        type: 'SlaAtRisk',
        data: {
          incidentId: 'INC0010001', metric: 'resolution', cycle: 1, policy: { name: 'standard', version: 1 }, calendar: { name: 'berlin-office', version: 1 },
          targetMs: 8 * HOUR, dueAt: '2026-12-01T09:00:00.000Z', atRiskPercent: 75, markAt: '2026-11-30T15:00:00.000Z',
        },
      },
    ]);
    const afterAtRisk = [...facts, { revision: facts.length, occurredAt: '2026-11-30T15:00:05.000Z', event: atRisk[0]! }];
    expect(slaFactsDue(stateOf(afterAtRisk), '2026-12-01T08:59:00.000Z')).toEqual([]);
    const breached = slaFactsDue(stateOf(afterAtRisk), '2026-12-01T09:00:01.000Z');
    expect(breached.map(({ type, data }) => [type, data.metric, data.dueAt])).toEqual([['SlaBreached', 'resolution', '2026-12-01T09:00:00.000Z']]);
    const afterBreach = [...afterAtRisk, { revision: afterAtRisk.length, occurredAt: '2026-12-01T09:00:02.000Z', event: breached[0]! }];
    expect(slaFactsDue(stateOf(afterBreach), '2026-12-09T00:00:00.000Z')).toEqual([]);
  });

  it('owes a response breach when nobody responded in time, with the instant it ran out', () => {
    const unanswered = history(configuration);
    expect(slaFactsDue(stateOf(unanswered), '2026-11-30T10:00:01.000Z').map(({ type, data }) => [type, data.metric, data.dueAt])).toEqual([['SlaBreached', 'response', '2026-11-30T10:00:00.000Z']]);
  });

  it('never owes a breach for an incident resolved before its deadline, however late the watcher looks', () => {
    const resolved = [...facts, { revision: facts.length, occurredAt: '2026-12-01T08:59:00.000Z', event: ev('IncidentResolved', { resolutionCode: 'solved_permanently', notes: 'ok', resolutionNumber: 1 }) }];
    expect(slaFactsDue(stateOf(resolved), '2027-06-01T00:00:00.000Z')).toEqual([]);
  });

  it('owes the breach of a cycle resolved late and restarted while the watcher was down, and the new cycle starts clean', () => {
    const late = [
      ...facts,
      { revision: facts.length, occurredAt: '2026-12-01T10:00:00.000Z', event: ev('IncidentResolved', { resolutionCode: 'solved_permanently', notes: 'ok', resolutionNumber: 1 }) },
      { revision: facts.length + 1, occurredAt: '2026-12-01T11:00:00.000Z', event: ev('IncidentReopened', { reason: 'back', reopenCount: 1, resolutionNumber: 1 }) },
    ];
    expect(slaFactsDue(stateOf(late), '2026-12-01T11:00:00.000Z').map(({ type, data }) => [type, data.metric, data.cycle, data.dueAt])).toEqual([['SlaBreached', 'resolution', 1, '2026-12-01T09:00:00.000Z']]);
  });

  it('owes no at-risk warning for a paused clock, nor for one already breached', () => {
    const paused = [...facts, { revision: facts.length, occurredAt: '2026-11-30T10:00:00.000Z', event: ev('IncidentPutOnHold', { reason: 'awaiting_caller', note: null, holdNumber: 1 }) }];
    expect(slaFactsDue(stateOf(paused), '2026-12-05T00:00:00.000Z')).toEqual([]);
    expect(slaFactsDue(stateOf(facts), '2026-12-02T00:00:00.000Z').map(({ type }) => type)).toEqual(['SlaBreached']);
  });
});

describe('Recording deadline facts (the watcher\'s command)', () => {
  it('drops a fact the stream already holds for that metric and cycle, whatever the watcher believed', () => {
    const facts = history(configuration);
    const [breach] = slaFactsDue(stateOf(facts), '2026-11-30T10:00:01.000Z');
    const recorded = fold(slaDeadlineDecider, [...facts.map(({ event }) => event), breach!]);
    const command = { type: 'RecordSlaDeadlines' as const, incidentId: 'INC0010001', owed: [breach!] };
    expect(slaDeadlineDecider.decide(command, fold(slaDeadlineDecider, facts.map(({ event }) => event)))).toEqual([breach]);
    expect(slaDeadlineDecider.decide(command, recorded)).toEqual([]);
  });
});

describe('What a user checking by hand found (issue 11 review)', () => {
  const twoCalendars: SlaConfiguration = fold(slaConfigurationDecider, [
    calendar,
    {
      type: 'SlaPolicyDefined',
      data: {
        name: 'standard', version: 1, effectiveFrom: '2026-01-01T00:00:00.000Z', scope: { assignmentGroup: null, configurationItemId: null }, atRiskPercent: 75, pausingHoldReasons: ['awaiting_caller'], onReopen: 'resume',
        targets: [
          { priority: 1, response: { minutes: 15, calendar: null }, resolution: { minutes: 480, calendar: null } },
          { priority: 3, response: { minutes: 60, calendar: null }, resolution: { minutes: 480, calendar: 'berlin-office' } },
        ],
      },
    } as SlaConfigurationEvent,
  ]);
  const resolutionClock = (facts: readonly RecordedIncidentFact[], now: string) => incidentSla(facts, RECORDED_TERMS, now).clocks.find((clock) => clock.metric === 'resolution')!;

  it('a new priority moves the clock to its target\'s calendar: P3 on office hours raised to P1 around the clock, same 8 h', () => {
    // Opened Mon 10:00 Berlin; raised at 13:00 Berlin with 3 office hours used: 5 h of calendar time left → 18:00 Berlin (17:00Z),
    // not Tuesday 10:00 as 5 more office hours would have it.
    const facts = history(twoCalendars, ['2026-11-30T09:10:00.000Z', ev('IncidentWorkStarted')], ['2026-11-30T12:00:00.000Z', ev('IncidentReclassified', { impact: 1, urgency: 1, priority: 1, previousPriority: 3, priorityMatrixVersion: 'm', reason: 'outage' })]);
    expect(resolutionClock(facts, '2026-11-30T12:00:00.000Z')).toMatchObject({ targetMs: 8 * HOUR, elapsedMs: 3 * HOUR, dueAt: '2026-11-30T17:00:00.000Z' });
    const [breach] = slaFactsDue(stateOf(facts), '2026-11-30T17:00:01.000Z');
    expect(breach?.data).toMatchObject({ metric: 'resolution', calendar: null, dueAt: '2026-11-30T17:00:00.000Z' });
  });

  it('a breached clock stays due when its time ran out, through a hold and a resume, and its stop is not met', () => {
    const facts = history(
      twoCalendars,
      ['2026-11-30T10:30:00.000Z', ev('IncidentPutOnHold', { reason: 'awaiting_caller', note: null, holdNumber: 1 })],
      ['2026-11-30T11:00:00.000Z', ev('IncidentResumed', { holdNumber: 1 })],
    );
    const response = incidentSla(facts, RECORDED_TERMS, '2026-11-30T11:05:00.000Z').clocks.find((clock) => clock.metric === 'response')!;
    expect(response).toMatchObject({ state: 'running', dueAt: '2026-11-30T10:00:00.000Z', breached: true });
    // What the breach board sorts by, too.
    const state = stateOf(facts);
    expect(slaDeadlines(state.terms!, state.current.response!).dueAt).toBe(Date.parse('2026-11-30T10:00:00.000Z'));
    const answered = [...facts, { revision: facts.length, occurredAt: '2026-11-30T11:10:00.000Z', event: ev('IncidentWorkStarted') }];
    expect(incidentSla(answered, RECORDED_TERMS, '2026-11-30T12:00:00.000Z').steps.filter((step) => step.metric === 'response' && step.kind === 'stopped').map((step) => step.met)).toEqual([false]);
  });

  it('a lower priority judges the clock again against its target: a P1 response late at 15 min is within P3\'s hour', () => {
    const opening = incidentDecider.decide({ ...openIncident({ impact: 1, urgency: 1, slaConfiguration: twoCalendars }), context: { actor: 'ann', now: OPENED_AT } }, incidentDecider.initialState);
    const lowered = ev('IncidentReclassified', { impact: 2, urgency: 2, priority: 3, previousPriority: 1, priorityMatrixVersion: 'm', reason: 'one user only' });
    const facts = [...opening.map((event) => [OPENED_AT, event] as const), ['2026-11-30T09:30:00.000Z', lowered] as const].map(([occurredAt, event], revision) => ({ revision, occurredAt, event }));
    const response = incidentSla(facts, RECORDED_TERMS, '2026-11-30T09:40:00.000Z');
    expect(response.steps.filter((step) => step.metric === 'response').map((step) => [step.kind, step.at])).toEqual([
      ['started', OPENED_AT],
      ['breached', '2026-11-30T09:15:00.000Z'],
      ['retargeted', '2026-11-30T09:30:00.000Z'],
    ]);
    expect(response.clocks.find((clock) => clock.metric === 'response')).toMatchObject({ breached: false, dueAt: '2026-11-30T10:00:00.000Z' });
  });

  it('an incident raised into a measured priority starts its SLA then, once, measured from its opening, its response as given', () => {
    const lowImpact = incidentDecider.decide({ ...openIncident({ impact: 3, urgency: 3, slaConfiguration: twoCalendars }), context: { actor: 'ann', now: OPENED_AT } }, incidentDecider.initialState);
    expect(lowImpact.map(({ type }) => type)).toEqual(['IncidentOpened']);
    const assigned = ev('IncidentAssigned', { assignmentGroup: 'desk', assignee: 'ann' });
    const before = fold(incidentDecider, [...lowImpact, assigned]);
    const raise = (state: typeof before) => incidentDecider.decide({ type: 'ReclassifyIncident', incidentId: 'INC0010001', data: { impact: 2, urgency: 2, reason: 'more users', priorityMatrix: openIncident().data.priorityMatrix, slaConfiguration: twoCalendars }, context: { actor: 'ann', now: '2026-11-30T11:00:00.000Z' } }, state);
    const raised = raise(before);
    expect(raised.map(({ type }) => type)).toEqual(['IncidentReclassified', 'SlaStarted']);
    // Started once: raised again later, nothing more starts.
    const after = fold(incidentDecider, [...lowImpact, assigned, ...raised]);
    expect(incidentDecider.decide({ type: 'ReclassifyIncident', incidentId: 'INC0010001', data: { impact: 1, urgency: 2, reason: 'worse', priorityMatrix: openIncident().data.priorityMatrix, slaConfiguration: twoCalendars }, context: { actor: 'ann', now: '2026-11-30T12:00:00.000Z' } }, after).map(({ type }) => type)).toEqual(['IncidentReclassified']);
    const facts = [[OPENED_AT, lowImpact[0]!], ['2026-11-30T09:20:00.000Z', assigned], ['2026-11-30T11:00:00.000Z', raised[0]!], ['2026-11-30T11:00:00.000Z', raised[1]!]].map(([occurredAt, event], revision) => ({ revision, occurredAt: occurredAt as string, event: event as IncidentEvent }));
    const sla = incidentSla(facts, RECORDED_TERMS, '2026-11-30T11:00:00.000Z');
    expect(sla.steps.map((step) => [step.metric, step.kind, step.at, step.met ?? null])).toEqual([
      ['response', 'started', OPENED_AT, null],
      ['resolution', 'started', OPENED_AT, null],
      ['response', 'stopped', '2026-11-30T09:20:00.000Z', true],
    ]);
    expect(sla.clocks.find((clock) => clock.metric === 'resolution')).toMatchObject({ elapsedMs: 2 * HOUR, dueAt: '2026-12-01T09:00:00.000Z' });
  });
});
