import { fold } from '../shared/decider';
import { incidentDecider } from '../incident/incident-decider';
import type { IncidentEvent } from '../incident/incident-events';
import { slaConfigurationDecider, type SlaConfigurationEvent } from '../sla/sla-configuration';
import { openIncident } from '../testing/incident-fixtures';
import type { RecordedIncidentFactAt } from './incident-conformance';
import { slaAttainmentRows, slaConformance } from './sla-conformance';

const CONFIGURATION = fold(slaConfigurationDecider, [
  {
    type: 'SlaPolicyDefined',
    data: {
      name: 'standard', version: 1, effectiveFrom: '2026-01-01T00:00:00.000Z', scope: { assignmentGroup: null, configurationItemId: null }, atRiskPercent: 75, pausingHoldReasons: ['awaiting_caller'], onReopen: 'resume',
      targets: [{ priority: 3, response: { minutes: 60, calendar: null }, resolution: { minutes: 480, calendar: null } }],
    },
  } as SlaConfigurationEvent,
]);
const PERIOD = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };
const ev = (type: IncidentEvent['type'], data: Record<string, unknown> = {}) => ({ type, data: { incidentId: 'INC0010001', ...data } }) as IncidentEvent;

/** Opened 10 March 09:00 (P3), on hold awaiting the caller 09:30–10:30, resolved 12:00: its response ran out at 11:00. */
function history(...more: [string, IncidentEvent][]): RecordedIncidentFactAt[] {
  const opening = incidentDecider.decide({ ...openIncident({ impact: 2, urgency: 2, slaConfiguration: CONFIGURATION }), context: { actor: 'ann', now: '2026-03-10T09:00:00.000Z' } }, incidentDecider.initialState);
  const steps: [string, IncidentEvent][] = [
    ...opening.map((event) => ['10T09:00', event] as [string, IncidentEvent]),
    ['10T09:30', ev('IncidentPutOnHold', { reason: 'awaiting_caller', note: null, holdNumber: 1 })],
    ['10T10:30', ev('IncidentResumed', { holdNumber: 1 })],
    ['10T12:00', ev('IncidentResolved', { resolutionCode: 'solved_permanently', resolutionNotes: 'ok', resolutionNumber: 1 })],
    ...more,
  ];
  return steps.map(([time, event], revision) => ({ position: String(revision + 1).padStart(20, '0'), revision, occurredAt: `2026-03-${time}:00.000Z`, actor: 'ann', event }));
}

describe('Clause 8.3.3, service level management', () => {
  it('gives each cycle started in the period its verdict, and each breach the steps that led to it', () => {
    const { cycles, breaches } = slaConformance(history(), PERIOD);
    expect(cycles.map(({ metric, verdict, policy }) => [metric, verdict, policy])).toEqual([['response', 'breached', 'standard@1'], ['resolution', 'met', 'standard@1']]);
    expect(breaches).toEqual([
      {
        incidentId: 'INC0010001', number: null, metric: 'response', cycle: 1, policy: 'standard@1', targetMs: 3_600_000, at: '2026-03-10T11:00:00.000Z', recordedAt: null,
        causes: [
          { kind: 'started', at: '2026-03-10T09:00:00.000Z', elapsedMs: 0, causedBy: 'SlaStarted' },
          { kind: 'paused', at: '2026-03-10T09:30:00.000Z', elapsedMs: 1_800_000, causedBy: 'IncidentPutOnHold' },
          { kind: 'resumed', at: '2026-03-10T10:30:00.000Z', elapsedMs: 1_800_000, causedBy: 'IncidentResumed' },
        ],
      },
    ]);
    expect(slaAttainmentRows(slaConformance(history(), PERIOD).cycles).filter((row) => row.by === 'policy')).toEqual([
      { by: 'policy', key: 'standard@1', metric: 'resolution', met: 1, breached: 0, inProgress: 0, percentage: 100 },
      { by: 'policy', key: 'standard@1', metric: 'response', met: 0, breached: 1, inProgress: 0, percentage: 0 },
    ]);
  });

  it('lists a breach no SlaBreached records as a nonconformity, and none once it is recorded', () => {
    expect(slaConformance(history(), PERIOD).nonconformities.map(({ clause, kind, at }) => [clause, kind, at])).toEqual([['8.3.3', 'breach_not_recorded', '2026-03-10T11:00:00.000Z']]);
    const recorded = ev('SlaBreached', { metric: 'response', cycle: 1, policy: { name: 'standard', version: 1 }, calendar: null, targetMs: 3_600_000, dueAt: '2026-03-10T11:00:00.000Z' });
    const withFact = slaConformance(history(['10T11:01', recorded]), PERIOD);
    expect(withFact.nonconformities).toEqual([]);
    expect(withFact.breaches[0]?.recordedAt).toBe('2026-03-10T11:01:00.000Z');
  });
});
