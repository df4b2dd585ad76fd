import { assertNever } from '../shared/decider';
import type { Impact, Priority, Urgency } from '../incident/priority-matrix';
import type { ProblemEvent, ProblemStatus } from './problem-events';

export interface KnownError {
  readonly symptom: string;
  readonly category: string;
  readonly configurationItemId: string | null;
  readonly rootCause: string;
  readonly workaround: string;
}

/** What the decisions on a raised problem need. */
export interface RaisedProblem {
  readonly status: Exclude<ProblemStatus, 'closed' | 'cancelled'>;
  readonly problemId: string;
  readonly category: string;
  readonly impact: Impact;
  readonly urgency: Urgency;
  readonly priority: Priority;
  readonly configurationItemId: string | null;
  readonly assignmentGroup: string | null;
  readonly assignee: string | null;
  readonly incidentIds: readonly string[];
  readonly rootCause: { readonly text: string; readonly category: string } | null;
  readonly workaround: string | null;
  readonly knownError: KnownError | null;
  readonly fixChangeId: string | null;
}

export type ProblemState = { readonly status: 'none' } | RaisedProblem | { readonly status: 'closed' | 'cancelled'; readonly problemId: string };

export const initialProblemState: ProblemState = { status: 'none' };

export function evolveProblem(state: ProblemState, event: ProblemEvent): ProblemState {
  if (event.type === 'ProblemRaised') {
    const { problemId, category, impact, urgency, priority, configurationItemId, assignmentGroup, assignee, incidentIds } = event.data;
    return { status: 'new', problemId, category, impact, urgency, priority, configurationItemId, assignmentGroup, assignee, incidentIds, rootCause: null, workaround: null, knownError: null, fixChangeId: null };
  }
  if (state.status === 'none' || state.status === 'closed' || state.status === 'cancelled') return state;
  const problem = state as RaisedProblem;
  switch (event.type) {
    case 'ProblemAssigned':
      return { ...problem, assignmentGroup: event.data.assignmentGroup, assignee: event.data.assignee };
    case 'ProblemReclassified':
      return { ...problem, impact: event.data.impact, urgency: event.data.urgency, priority: event.data.priority };
    case 'ProblemAssessed':
      return { ...problem, status: 'assessed' };
    case 'ProblemRootCauseAnalysisStarted':
      return { ...problem, status: 'root_cause_analysis' };
    case 'ProblemRootCauseRecorded':
      return { ...problem, rootCause: { text: event.data.rootCause, category: event.data.rootCauseCategory } };
    case 'ProblemWorkaroundRecorded':
      return { ...problem, workaround: event.data.workaround };
    case 'ProblemIncidentLinked':
      return { ...problem, incidentIds: [...problem.incidentIds, event.data.incidentId].sort() };
    case 'ProblemIncidentUnlinked':
      return { ...problem, incidentIds: problem.incidentIds.filter((id) => id !== event.data.incidentId) };
    case 'KnownErrorPublished': {
      const { symptom, category, configurationItemId, rootCause, workaround } = event.data;
      return { ...problem, knownError: { symptom, category, configurationItemId, rootCause, workaround } };
    }
    case 'ProblemFixStarted':
      return { ...problem, status: 'fix_in_progress' };
    case 'ProblemFixChangeLinked':
      return { ...problem, fixChangeId: event.data.changeId };
    case 'ProblemResolved':
      return { ...problem, status: 'resolved' };
    case 'ProblemClosed':
      return { status: 'closed', problemId: problem.problemId };
    case 'ProblemCancelled':
      return { status: 'cancelled', problemId: problem.problemId };
    default:
      return assertNever(event);
  }
}
