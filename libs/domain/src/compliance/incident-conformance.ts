import type { IncidentEvent } from '../incident/incident-events';
import { matrixInForce, type PriorityMatrices } from '../incident/priority-matrices';
import { priorityOf, type Priority } from '../incident/priority-matrix';
import { incidentSla, RECORDED_TERMS, slaVerdict, type SlaVerdict } from '../sla/incident-sla';
import type { Nonconformity } from './change-conformance';

/**
 * ISO/IEC 20000-1 clause 8.6.1 (incident management), read from one incident's facts: its priority
 * at each prioritisation checked against the matrix version in force at that moment, and its service
 * levels as its recorded SLA terms measure them. An incident imported from another tool was
 * prioritised by that tool's matrix, recorded as such: it is listed, not checked.
 */
export interface RecordedIncidentFactAt {
  readonly position: string;
  readonly revision: number;
  readonly occurredAt: string;
  readonly actor: string;
  readonly event: IncidentEvent;
}

export const INCIDENT_NONCONFORMITIES = {
  priority_not_per_matrix: 'The priority recorded is not the one the matrix in force gives for its impact and urgency.',
  matrix_not_in_force: 'The priority was set by a matrix version that was not in force at that moment.',
} as const;

export interface IncidentEvidence {
  readonly incidentId: string;
  readonly number: string | null;
  readonly openedAt: string;
  readonly priority: Priority;
  readonly prioritisations: number;
  readonly imported: boolean;
  readonly resolvedAt: string | null;
  readonly closedAt: string | null;
  readonly responseSla: SlaVerdict;
  readonly resolutionSla: SlaVerdict;
  /** Accepted as a major incident, when; its review, when recorded, and the problem it names. */
  readonly majorSince: string | null;
  readonly reviewedAt: string | null;
  readonly reviewProblemId: string | null;
  /** Resolved with this parent's resolution, when it was a child. */
  readonly resolvedWithParent: string | null;
}

const NOT_MAJOR = { majorSince: null, reviewedAt: null, reviewProblemId: null, resolvedWithParent: null };

/** One incident's evidence and nonconformities, from its facts up to the period's end. */
export function incidentConformance(facts: readonly RecordedIncidentFactAt[], matrices: PriorityMatrices, until: string): { readonly evidence: IncidentEvidence | null; readonly nonconformities: readonly Nonconformity[] } {
  const found: Nonconformity[] = [];
  let evidence = null as IncidentEvidence | null;
  const upToEnd = facts.filter((fact) => fact.occurredAt < until);
  for (const { event, occurredAt: at, position } of upToEnd) {
    switch (event.type) {
      case 'IncidentOpened':
      case 'IncidentReclassified': {
        const { incidentId, impact, urgency, priority, priorityMatrixVersion } = event.data;
        if (event.type === 'IncidentOpened') evidence = { incidentId, number: event.data.number ?? null, openedAt: at, priority, prioritisations: 0, imported: false, resolvedAt: null, closedAt: null, responseSla: 'not_measured', resolutionSla: 'not_measured', ...NOT_MAJOR };
        if (evidence === null) break;
        evidence = { ...evidence, priority, prioritisations: evidence.prioritisations + 1 };
        const matrix = matrixInForce(matrices, at);
        const record = { kind: 'incident' as const, id: incidentId, number: evidence.number };
        if (priorityMatrixVersion !== matrix.version) {
          found.push({ clause: '8.6.1', kind: 'matrix_not_in_force', record, at, detail: `Prioritised by matrix ${priorityMatrixVersion}; ${matrix.version} was in force.`, positions: [position] });
        } else if (priorityOf(matrix, impact, urgency) !== priority) {
          found.push({ clause: '8.6.1', kind: 'priority_not_per_matrix', record, at, detail: `Impact ${impact} × urgency ${urgency} gives P${priorityOf(matrix, impact, urgency)} by ${matrix.version}; P${priority} was recorded.`, positions: [position] });
        }
        break;
      }
      case 'IncidentVersionImported':
        if (event.data.source.arrivedLate) break;
        evidence ??= { incidentId: event.data.incidentId, number: event.data.number, openedAt: event.data.reading.openedAt ?? at, priority: event.data.reading.priority, prioritisations: 0, imported: true, resolvedAt: null, closedAt: null, responseSla: 'not_measured', resolutionSla: 'not_measured', ...NOT_MAJOR };
        evidence = { ...evidence, priority: event.data.reading.priority };
        break;
      case 'IncidentResolved':
        if (evidence !== null) evidence = { ...evidence, resolvedAt: at, resolvedWithParent: event.data.byParent?.incidentId ?? null };
        break;
      case 'MajorIncidentAccepted':
        if (evidence !== null) evidence = { ...evidence, majorSince: at };
        break;
      case 'MajorIncidentDeclined':
        if (evidence !== null) evidence = { ...evidence, majorSince: null };
        break;
      case 'MajorIncidentReviewRecorded':
        if (evidence !== null) evidence = { ...evidence, reviewedAt: at, reviewProblemId: event.data.problemId };
        break;
      case 'IncidentReopened':
        if (evidence !== null) evidence = { ...evidence, resolvedAt: null };
        break;
      case 'IncidentClosed':
        if (evidence !== null) evidence = { ...evidence, closedAt: at };
        break;
      default:
        break;
    }
  }
  if (evidence !== null) {
    const clocks = incidentSla(upToEnd.map(({ revision, occurredAt, event }) => ({ revision, occurredAt, event })), RECORDED_TERMS, until).clocks;
    evidence = { ...evidence, responseSla: slaVerdict(clocks, 'response'), resolutionSla: slaVerdict(clocks, 'resolution') };
  }
  return { evidence, nonconformities: found };
}
