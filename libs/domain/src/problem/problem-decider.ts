import { ciReferenceMessage, requireUsableCis, type RefuseCiReference } from '../configuration-item/ci-references';
import { priorityOf, type Impact, type PriorityMatrix, type Urgency } from '../incident/priority-matrix';
import { assertNever, type Decider } from '../shared/decider';
import type { FixChangeLookup, IncidentLookup, ProblemCommand, RaiseProblem, ResolveProblem } from './problem-commands';
import { optionalText, problemError, requireText, type ProblemErrorCode } from './problem-errors';
import type { ProblemEvent, ProblemStatus } from './problem-events';
import { evolveProblem, initialProblemState, type ProblemState, type RaisedProblem } from './problem-state';

export { PROBLEM_ERROR_CODES, type ProblemErrorCode } from './problem-errors';
export * from './problem-state';

const refuseCi: RefuseCiReference = (field, problem, ciId) =>
  problemError(problem === 'unknown' ? 'problem.ci_unknown' : 'problem.ci_retired', ciReferenceMessage(field, problem, ciId), { field, ciId });

/** Where each step may be taken from: the stages a problem goes through, in order. */
const STAGE_BEFORE: Partial<Record<ProblemCommand['type'], readonly ProblemStatus[]>> = {
  AssessProblem: ['new'],
  StartRootCauseAnalysis: ['assessed'],
  RecordRootCause: ['root_cause_analysis', 'fix_in_progress'],
  StartFix: ['root_cause_analysis'],
  // Resolved once analysed: during the analysis (it went away; evidence lists one with no root cause) or the fix.
  ResolveProblem: ['root_cause_analysis', 'fix_in_progress'],
};

/** What a resolution settles: the incidents it resumed, the workaround they were told, the known error and the fix. */
const SETTLED_BY_RESOLUTION: readonly ProblemCommand['type'][] = ['LinkIncident', 'UnlinkIncident', 'RecordWorkaround', 'PublishKnownError', 'LinkFixChange'];

export function decideProblem(command: ProblemCommand, state: ProblemState): readonly ProblemEvent[] {
  if (command.type === 'RaiseProblem') return raise(command, state);
  const problem = live(state);
  const stages = STAGE_BEFORE[command.type];
  if (stages !== undefined && !stages.includes(problem.status)) throw stageError(problem, stages);
  if (problem.status === 'resolved' && SETTLED_BY_RESOLUTION.includes(command.type)) throw problemError('problem.already_resolved', undefined, { status: problem.status });
  const problemId = command.problemId;
  switch (command.type) {
    case 'AssignProblem': {
      const assignmentGroup = requireText('assignmentGroup', command.data.assignmentGroup);
      const assignee = optionalText('assignee', command.data.assignee);
      if (assignmentGroup === problem.assignmentGroup && assignee === problem.assignee) throw problemError('problem.assignment_unchanged');
      return [{ type: 'ProblemAssigned', data: { problemId, assignmentGroup, assignee, previousAssignmentGroup: problem.assignmentGroup, previousAssignee: problem.assignee } }];
    }
    case 'ReclassifyProblem': {
      const reason = requireText('reason', command.data.reason);
      const { impact, urgency } = command.data;
      if (impact === problem.impact && urgency === problem.urgency) throw problemError('problem.classification_unchanged');
      return [{ type: 'ProblemReclassified', data: { problemId, impact, urgency, ...classify(impact, urgency, command.data.priorityMatrix), previousPriority: problem.priority, reason } }];
    }
    case 'AssessProblem':
      return [{ type: 'ProblemAssessed', data: { problemId, note: optionalText('note', command.data.note) } }];
    case 'StartRootCauseAnalysis':
      return [{ type: 'ProblemRootCauseAnalysisStarted', data: { problemId } }];
    case 'RecordRootCause':
      return [{ type: 'ProblemRootCauseRecorded', data: { problemId, rootCause: requireText('rootCause', command.data.rootCause), rootCauseCategory: requireText('rootCauseCategory', command.data.rootCauseCategory) } }];
    case 'RecordWorkaround': {
      const workaround = requireText('workaround', command.data.workaround);
      if (workaround === problem.workaround) throw problemError('problem.workaround_unchanged');
      return [{ type: 'ProblemWorkaroundRecorded', data: { problemId, workaround } }];
    }
    case 'LinkIncident': {
      const incidentId = requireText('incidentId', command.data.incidentId);
      requireIncidents([incidentId], command.data.incidents);
      if (problem.incidentIds.includes(incidentId)) throw problemError('problem.incident_already_linked', undefined, { incidentId });
      return [{ type: 'ProblemIncidentLinked', data: { problemId, incidentId } }];
    }
    case 'UnlinkIncident': {
      const incidentId = requireText('incidentId', command.data.incidentId);
      const reason = requireText('reason', command.data.reason);
      if (!problem.incidentIds.includes(incidentId)) throw problemError('problem.incident_not_linked', undefined, { incidentId });
      return [{ type: 'ProblemIncidentUnlinked', data: { problemId, incidentId, reason } }];
    }
    case 'PublishKnownError': {
      if (problem.rootCause === null) throw problemError('problem.root_cause_required');
      if (problem.workaround === null) throw problemError('problem.workaround_required');
      const published = {
        symptom: requireText('symptom', command.data.symptom),
        category: optionalText('category', command.data.category) ?? problem.category,
        configurationItemId: problem.configurationItemId,
        rootCause: problem.rootCause.text,
        workaround: problem.workaround,
      };
      const known = problem.knownError;
      if (known !== null && Object.entries(published).every(([field, value]) => known[field as keyof typeof known] === value)) throw problemError('problem.known_error_unchanged');
      return [{ type: 'KnownErrorPublished', data: { problemId, ...published } }];
    }
    case 'StartFix':
      if (problem.rootCause === null) throw problemError('problem.root_cause_required');
      return [{ type: 'ProblemFixStarted', data: { problemId } }];
    case 'LinkFixChange': {
      const changeId = requireText('changeId', command.data.changeId);
      if (command.data.change === null || command.data.change?.status === 'none') throw problemError('problem.fix_change_unknown', undefined, { changeId });
      if (changeId === problem.fixChangeId) throw problemError('problem.fix_change_unchanged', undefined, { changeId });
      return [{ type: 'ProblemFixChangeLinked', data: { problemId, changeId } }];
    }
    case 'ResolveProblem':
      return resolve(command, problem);
    case 'CloseProblem':
      if (problem.status !== 'resolved') throw problemError('problem.not_resolved', undefined, { status: problem.status });
      return [{ type: 'ProblemClosed', data: { problemId } }];
    case 'CancelProblem':
      return [{ type: 'ProblemCancelled', data: { problemId, reason: requireText('reason', command.data.reason) } }];
    default:
      return assertNever(command);
  }
}

export const problemDecider: Decider<ProblemCommand, ProblemEvent, ProblemState> = {
  initialState: initialProblemState,
  evolve: evolveProblem,
  decide: decideProblem,
};

function raise(command: RaiseProblem, state: ProblemState): readonly ProblemEvent[] {
  if (state.status !== 'none') throw problemError('problem.already_exists');
  const { impact, urgency, priorityMatrix } = command.data;
  const configurationItemId = optionalText('configurationItemId', command.data.configurationItemId);
  if (configurationItemId !== null) requireUsableCis('configurationItemId', [configurationItemId], command.data.ciStatuses, refuseCi);
  const assignmentGroup = optionalText('assignmentGroup', command.data.assignmentGroup);
  const assignee = optionalText('assignee', command.data.assignee);
  if (assignee !== null && assignmentGroup === null) throw problemError('problem.invalid_field', 'An assignee works within an assignment group: name one', { field: 'assignmentGroup' });
  const incidentIds = [...new Set((command.data.incidentIds ?? []).map((id, index) => requireText(`incidentIds[${index}]`, id)))].sort();
  requireIncidents(incidentIds, command.data.incidents);
  return [
    {
      type: 'ProblemRaised',
      data: {
        problemId: command.problemId,
        number: command.data.number ?? null,
        title: requireText('title', command.data.title),
        description: requireText('description', command.data.description),
        category: requireText('category', command.data.category),
        impact,
        urgency,
        ...classify(impact, urgency, priorityMatrix),
        configurationItemId,
        assignmentGroup,
        assignee,
        incidentIds,
      },
    },
  ];
}

/**
 * Resolving names how it was resolved. A fix change linked must be closed successful (as the
 * handler read it from the log); otherwise an override reason says why the problem is resolved anyway.
 */
function resolve(command: ResolveProblem, problem: RaisedProblem): readonly ProblemEvent[] {
  if (problem.status === 'resolved') throw problemError('problem.already_resolved');
  const resolution = requireText('resolution', command.data.resolution);
  const overrideReason = optionalText('overrideReason', command.data.overrideReason);
  const fix = problem.fixChangeId === null ? null : (command.data.fixChange ?? null);
  const fixed = fix !== null && fixedBy(fix);
  if (problem.fixChangeId !== null && !fixed && overrideReason === null) {
    throw problemError('problem.fix_change_not_successful', undefined, { changeId: problem.fixChangeId, status: fix?.status ?? 'unknown', outcome: fix?.outcome ?? null });
  }
  // Never dropped in silence: a reason given where the fix succeeded is refused, not forgotten.
  if (fixed && overrideReason !== null) throw problemError('problem.override_not_needed', undefined, { field: 'overrideReason', changeId: problem.fixChangeId });
  return [{ type: 'ProblemResolved', data: { problemId: command.problemId, resolution, fixChangeId: problem.fixChangeId, overrideReason, incidentIds: problem.incidentIds } }];
}

const fixedBy = (change: FixChangeLookup): boolean => change.status === 'closed' && change.outcome === 'successful';

function requireIncidents(incidentIds: readonly string[], lookup: IncidentLookup | undefined): void {
  if (lookup === undefined) return;
  const unknown = incidentIds.find((id) => (lookup[id] ?? 'unknown') === 'unknown');
  if (unknown !== undefined) throw problemError('problem.incident_unknown', `Incident ${unknown} was never opened`, { incidentId: unknown });
}

function classify(impact: Impact, urgency: Urgency, matrix: PriorityMatrix) {
  return { priority: priorityOf(matrix, impact, urgency), priorityMatrixVersion: matrix.version };
}

function live(state: ProblemState): RaisedProblem {
  switch (state.status) {
    case 'none':
      throw problemError('problem.not_found');
    case 'closed':
      throw problemError('problem.closed');
    case 'cancelled':
      throw problemError('problem.cancelled');
    default:
      return state as RaisedProblem;
  }
}

function stageError(problem: RaisedProblem, stages: readonly ProblemStatus[]) {
  const code: ProblemErrorCode = problem.status === 'resolved' ? 'problem.already_resolved' : 'problem.wrong_stage';
  return problemError(code, `The problem is ${problem.status.replace(/_/g, ' ')}; this step follows ${stages.map((stage) => stage.replace(/_/g, ' ')).join(' or ')}`, { status: problem.status, expected: stages });
}
