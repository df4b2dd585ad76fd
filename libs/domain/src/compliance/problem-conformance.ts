import type { ProblemEvent } from '../problem/problem-events';
import type { Nonconformity } from './change-conformance';

/**
 * ISO/IEC 20000-1 clause 8.6.3 (problem management), read from one problem's facts: the problem,
 * its known error and the incidents linked to it, and where the process was not followed, each
 * nonconformity with the log positions that prove it.
 */
export interface RecordedProblemFact {
  readonly position: string;
  readonly revision: number;
  readonly occurredAt: string;
  readonly actor: string;
  readonly event: ProblemEvent;
}

export const PROBLEM_NONCONFORMITIES = {
  resolved_without_root_cause: 'The problem was resolved with no root cause recorded.',
  resolved_by_override: 'The problem was resolved though its fix change was not closed successful (the override reason is given).',
} as const;

export interface ProblemEvidence {
  readonly problemId: string;
  readonly number: string | null;
  readonly title: string;
  readonly category: string;
  readonly priority: number;
  readonly raisedAt: string;
  /** As it stood at the period's end. */
  readonly status: string;
  readonly rootCause: string | null;
  readonly rootCauseCategory: string | null;
  readonly workaround: string | null;
  /** When it was last published as a known error, and the symptom it is found by. */
  readonly knownErrorAt: string | null;
  readonly knownErrorSymptom: string | null;
  /** The incidents linked at the period's end, in id order. */
  readonly incidentIds: readonly string[];
  readonly fixChangeId: string | null;
  readonly resolvedAt: string | null;
  readonly overrideReason: string | null;
  readonly closedAt: string | null;
  readonly cancelledAt: string | null;
}

export function problemConformance(facts: readonly RecordedProblemFact[], until: string): { evidence: ProblemEvidence | null; nonconformities: Nonconformity[] } {
  const upToEnd = facts.filter((fact) => fact.occurredAt < until);
  const raised = upToEnd.find((fact) => fact.event.type === 'ProblemRaised');
  if (raised === undefined || raised.event.type !== 'ProblemRaised') return { evidence: null, nonconformities: [] };
  const { problemId, number, title, category, priority } = raised.event.data;
  let evidence: ProblemEvidence = {
    problemId, number, title, category, priority, raisedAt: raised.occurredAt, status: 'new', rootCause: null, rootCauseCategory: null, workaround: null,
    knownErrorAt: null, knownErrorSymptom: null, incidentIds: raised.event.data.incidentIds, fixChangeId: null, resolvedAt: null, overrideReason: null, closedAt: null, cancelledAt: null,
  };
  const found: Nonconformity[] = [];
  const record = { kind: 'problem' as const, id: problemId, number };
  for (const { event, occurredAt, position } of upToEnd) {
    switch (event.type) {
      case 'ProblemReclassified':
        evidence = { ...evidence, priority: event.data.priority };
        break;
      case 'ProblemAssessed':
        evidence = { ...evidence, status: 'assessed' };
        break;
      case 'ProblemRootCauseAnalysisStarted':
        evidence = { ...evidence, status: 'root_cause_analysis' };
        break;
      case 'ProblemRootCauseRecorded':
        evidence = { ...evidence, rootCause: event.data.rootCause, rootCauseCategory: event.data.rootCauseCategory };
        break;
      case 'ProblemWorkaroundRecorded':
        evidence = { ...evidence, workaround: event.data.workaround };
        break;
      case 'KnownErrorPublished':
        evidence = { ...evidence, knownErrorAt: occurredAt, knownErrorSymptom: event.data.symptom };
        break;
      case 'ProblemIncidentLinked':
        evidence = { ...evidence, incidentIds: [...evidence.incidentIds, event.data.incidentId].sort() };
        break;
      case 'ProblemIncidentUnlinked':
        evidence = { ...evidence, incidentIds: evidence.incidentIds.filter((id) => id !== event.data.incidentId) };
        break;
      case 'ProblemFixStarted':
        evidence = { ...evidence, status: 'fix_in_progress' };
        break;
      case 'ProblemFixChangeLinked':
        evidence = { ...evidence, fixChangeId: event.data.changeId };
        break;
      case 'ProblemResolved':
        evidence = { ...evidence, status: 'resolved', resolvedAt: occurredAt, overrideReason: event.data.overrideReason };
        if (evidence.rootCause === null) found.push({ clause: '8.6.3', kind: 'resolved_without_root_cause', record, at: occurredAt, detail: PROBLEM_NONCONFORMITIES.resolved_without_root_cause, positions: [position] });
        if (event.data.overrideReason !== null) {
          found.push({ clause: '8.6.3', kind: 'resolved_by_override', record, at: occurredAt, detail: `Fix change ${event.data.fixChangeId ?? '–'} not closed successful; override: ${event.data.overrideReason}`, positions: [position] });
        }
        break;
      case 'ProblemClosed':
        evidence = { ...evidence, status: 'closed', closedAt: occurredAt };
        break;
      case 'ProblemCancelled':
        evidence = { ...evidence, status: 'cancelled', cancelledAt: occurredAt };
        break;
      default:
        break;
    }
  }
  return { evidence, nonconformities: found };
}
