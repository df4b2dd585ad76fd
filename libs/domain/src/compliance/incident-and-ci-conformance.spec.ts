import type { ConfigurationItemEvent } from '../configuration-item/ci-events';
import type { IncidentEvent } from '../incident/incident-events';
import { DEFAULT_PRIORITY_MATRIX } from '../incident/priority-matrix';
import type { PriorityMatrices } from '../incident/priority-matrices';
import { ciChangeConformance, type CoveringChange } from './ci-change-conformance';
import { incidentConformance, type RecordedIncidentFactAt } from './incident-conformance';

const STRICT = { version: 'strict-2026.1', effectiveFrom: '2026-03-15T00:00:00.000Z', rows: [[1, 1, 2], [1, 2, 3], [2, 3, 4]] } as const;
const MATRICES: PriorityMatrices = { versions: [STRICT], imported: [] };
let position = 0;
const fact = (at: string, type: IncidentEvent['type'], data: Record<string, unknown>): RecordedIncidentFactAt => ({ position: String(++position).padStart(20, '0'), revision: position, occurredAt: `2026-03-${at}:00.000Z`, actor: 'ann', event: { type, data: { incidentId: 'INC1', number: 'INC0010001', ...data } } as IncidentEvent });
const opened = (at: string, impact: number, urgency: number, priority: number, priorityMatrixVersion: string) => fact(at, 'IncidentOpened', { impact, urgency, priority, priorityMatrixVersion, assignmentGroup: null, configurationItemId: null });

describe('Clause 8.6.1, incident management: priorities by the matrix in force', () => {
  it('finds nothing when each priority is the matrix in force\'s, before and after a new version', () => {
    const facts = [opened('10T09:00', 2, 2, 3, DEFAULT_PRIORITY_MATRIX.version), fact('20T09:00', 'IncidentReclassified', { impact: 2, urgency: 1, priority: 1, previousPriority: 3, priorityMatrixVersion: STRICT.version, reason: 'x' })];
    const { evidence, nonconformities } = incidentConformance(facts, MATRICES, '2026-04-01T00:00:00.000Z');
    expect(nonconformities).toEqual([]);
    expect(evidence).toMatchObject({ incidentId: 'INC1', priority: 1, prioritisations: 2, imported: false, resolutionSla: 'not_measured' });
  });

  it('finds a priority other than the matrix gives, and a matrix version not in force, at the facts that show them', () => {
    const wrongPriority = opened('10T09:00', 2, 2, 1, DEFAULT_PRIORITY_MATRIX.version);
    const oldMatrix = fact('20T09:00', 'IncidentReclassified', { impact: 1, urgency: 1, priority: 1, previousPriority: 1, priorityMatrixVersion: DEFAULT_PRIORITY_MATRIX.version, reason: 'x' });
    const { nonconformities } = incidentConformance([wrongPriority, oldMatrix], MATRICES, '2026-04-01T00:00:00.000Z');
    expect(nonconformities.map(({ clause, kind, positions }) => [clause, kind, positions])).toEqual([
      ['8.6.1', 'priority_not_per_matrix', [wrongPriority.position]],
      ['8.6.1', 'matrix_not_in_force', [oldMatrix.position]],
    ]);
  });
});

describe('Clause 8.2.6, configuration management: CI changes covered by an authorised change', () => {
  const ciFact = (at: string, type: ConfigurationItemEvent['type'], ciId: string) => ({ position: String(++position).padStart(20, '0'), occurredAt: `2026-03-${at}:00.000Z`, actor: 'ivan', event: { type, data: { ciId } } as unknown as ConfigurationItemEvent });
  const covering: CoveringChange = { changeId: 'c1', number: 'CHG0000001', affectedCiIds: ['DB'], authorizedAt: '2026-03-09T00:00:00.000Z', window: { start: '2026-03-10T10:00:00.000Z', end: '2026-03-10T12:00:00.000Z' } };
  const period = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };

  it('links a CI change to the authorised change naming the CI whose window contains it, and lists one with none', () => {
    const inWindow = ciFact('10T10:30', 'ConfigurationItemAttributesUpdated', 'DB');
    const outside = ciFact('10T13:00', 'ConfigurationItemStatusChanged', 'DB');
    const otherCi = ciFact('10T10:45', 'ConfigurationItemAttributesUpdated', 'APP');
    const registered = ciFact('02T09:00', 'ConfigurationItemRegistered', 'NEW');
    const { evidence, nonconformities } = ciChangeConformance([registered, inWindow, outside, otherCi], [covering, { ...covering, changeId: 'c2', number: null, authorizedAt: null }], period);
    expect(evidence.map(({ ciId, coveredBy }) => [ciId, coveredBy])).toEqual([['DB', ['CHG0000001']], ['DB', []], ['APP', []]]);
    expect(nonconformities.map(({ kind, record, positions }) => [kind, record.id, positions])).toEqual([
      ['ci_change_unlinked', 'DB', [outside.position]],
      ['ci_change_unlinked', 'APP', [otherCi.position]],
    ]);
  });
});
