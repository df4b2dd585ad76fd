import { assertNever, type Decider } from '../shared/decider';
import { slaTermsFor } from '../sla/sla-terms';
import { decideAssign, decideReassign } from './incident-assignment';
import type {
  AddComment,
  AddWorkNote,
  CancelIncident,
  CloseIncident,
  EditIncident,
  IncidentCommand,
  OpenIncident,
  PutIncidentOnHold,
  ReclassifyIncident,
  ReopenIncident,
  ResolveIncident,
  ResumeIncident,
  ResumeIncidentForProblem,
  StartIncidentWork,
  WithdrawWorkaround,
  AwaitedProblemLookup,
} from './incident-commands';
import { incidentError, optionalText, requireOneOf, requireText } from './incident-errors';
import { live, resolved, runningHold, stateError, unresolved } from './incident-guards';
import { attachChild, attachToParent, detachChild, detachFromParent, major, resolveWithParent, review } from './incident-major';
import {
  AWAITED_KIND_OF,
  AWAITED_KINDS,
  HOLD_REASONS,
  INCIDENT_DETAIL_FIELDS,
  REQUIRED_INCIDENT_DETAILS,
  RESOLUTION_CODES,
  type AwaitedReference,
  type HoldReason,
  type IncidentDetailField,
  type IncidentEvent,
} from './incident-events';
import {
  evolveIncident,
  initialIncidentState,
  isLiveIncident,
  type IncidentState,
  type LiveIncident,
  type ResolvedIncident,
  type UnresolvedIncident,
} from './incident-state';
import { priorityOf, type Impact, type PriorityMatrix, type Urgency } from './priority-matrix';
import { ciReferenceMessage, requireUsableCis, type RefuseCiReference } from '../configuration-item/ci-references';

export { INCIDENT_ERROR_CODES, type IncidentErrorCode } from './incident-errors';
export * from './incident-state';

const refuseCi: RefuseCiReference = (field, problem, ciId) =>
  incidentError(problem === 'unknown' ? 'incident.ci_unknown' : 'incident.ci_retired', ciReferenceMessage(field, problem, ciId), { field, ciId });

/**
 * Checks run from the state to the request: a command on a missing or terminal incident is
 * rejected for that, whatever its payload, so a client learns the most useful thing first.
 */
export function decideIncident(command: IncidentCommand, state: IncidentState): readonly IncidentEvent[] {
  switch (command.type) {
    case 'OpenIncident':
      return open(command, state);
    case 'EditIncident':
      return editDetails(command, live(state));
    case 'ReclassifyIncident':
      return reclassify(command, unresolved(live(state)));
    case 'AssignIncident':
      return decideAssign(command, unresolved(live(state)));
    case 'ReassignIncident':
      return decideReassign(command, unresolved(live(state)));
    case 'StartIncidentWork':
      return startWork(command, live(state));
    case 'AddWorkNote':
      return [{ type: 'IncidentWorkNoteAdded', data: note(command, live(state)) }];
    case 'AddComment':
      return [{ type: 'IncidentCommentAdded', data: note(command, live(state)) }];
    case 'PutIncidentOnHold':
      return putOnHold(command, unresolved(live(state)));
    case 'ResumeIncident':
      return resume(command, unresolved(live(state)));
    case 'ResumeIncidentForProblem':
      return resumeForProblem(command, state);
    case 'ProposeMajorIncident':
      return major(command.incidentId, 'MajorIncidentProposed', command.data.reason, unresolved(live(state)), undefined);
    case 'AcceptMajorIncident':
      return major(command.incidentId, 'MajorIncidentAccepted', command.data.reason, live(state), 'proposed');
    case 'DeclineMajorIncident':
      return major(command.incidentId, 'MajorIncidentDeclined', command.data.reason, live(state), 'proposed');
    case 'AttachChildIncident':
      return attachChild(command, unresolved(live(state)));
    case 'DetachChildIncident':
      return detachChild(command, live(state));
    case 'AttachToParent':
      return attachToParent(command, state);
    case 'DetachFromParent':
      return detachFromParent(command, state);
    case 'RecordMajorIncidentReview':
      return review(command, live(state));
    case 'ResolveIncidentWithParent':
      return resolveWithParent(command, state);
    case 'PublishWorkaround':
      return isLiveIncident(state) ? [{ type: 'IncidentWorkaroundPublished', data: { incidentId: command.incidentId, ...command.data } }] : [];
    case 'WithdrawWorkaround':
      return withdrawWorkaround(command, state);
    case 'ResolveIncident':
      return resolve(command, unresolved(live(state)));
    case 'ReopenIncident':
      return reopen(command, resolved(live(state)));
    case 'CloseIncident':
      return close(command, resolved(live(state)));
    case 'CancelIncident':
      return cancel(command, unresolved(live(state)));
    default:
      return assertNever(command);
  }
}

export const incidentDecider: Decider<IncidentCommand, IncidentEvent, IncidentState> = {
  initialState: initialIncidentState,
  evolve: evolveIncident,
  decide: decideIncident,
};

function open(command: OpenIncident, state: IncidentState): readonly IncidentEvent[] {
  if (state.status !== 'none') throw stateError('incident.already_exists', state);
  const { title, description, caller, category, impact, urgency, priorityMatrix } = command.data;
  requireText('title', title);
  requireText('description', description);
  requireText('caller', caller);
  requireText('category', category);
  const configurationItemId = optionalText('configurationItemId', command.data.configurationItemId);
  if (configurationItemId !== null) requireUsableCis('configurationItemId', [configurationItemId], command.data.ciStatuses, refuseCi);
  const assignmentGroup = optionalText('assignmentGroup', command.data.assignmentGroup);
  const subcategory = optionalText('subcategory', command.data.subcategory);
  const symptom = optionalText('symptom', command.data.symptom);
  const contactType = optionalText('contactType', command.data.contactType);
  const location = optionalText('location', command.data.location);
  const { priority, priorityMatrixVersion } = classify(impact, urgency, priorityMatrix);
  const { slaConfiguration } = command.data;
  const slaTerms = slaConfiguration === undefined ? null : slaTermsFor(slaConfiguration, { priority, assignmentGroup, configurationItemId }, command.context.now);
  // In the same append as the opening: no moment exists when the incident is open and its SLA not started.
  const slaStarted: IncidentEvent[] = slaTerms === null ? [] : [{ type: 'SlaStarted', data: { incidentId: command.incidentId, ...slaTerms } }];
  return [
    {
      type: 'IncidentOpened',
      data: {
        incidentId: command.incidentId,
        title,
        description,
        caller,
        category,
        impact,
        urgency,
        priority,
        priorityMatrixVersion,
        configurationItemId,
        assignmentGroup,
        subcategory,
        symptom,
        contactType,
        location,
        number: command.data.number ?? null,
      },
    },
    ...slaStarted,
  ];
}

/**
 * Edits what the incident is described by, at any live stage (ServiceNow lets a resolved incident's
 * category be corrected too). Only the fields given are looked at; each that changes is recorded
 * with its value before. A CI named anew must be registered and live.
 */
function editDetails(command: EditIncident, state: LiveIncident): readonly IncidentEvent[] {
  const changes: Partial<Record<IncidentDetailField, { from: string | null; to: string | null }>> = {};
  for (const field of INCIDENT_DETAIL_FIELDS) {
    const given = command.data[field];
    if (given === undefined) continue;
    const to = REQUIRED_INCIDENT_DETAILS.includes(field) ? requireText(field, given) : optionalText(field, given);
    const from = state.details[field];
    if (to === from) continue;
    if (field === 'configurationItemId' && to !== null) requireUsableCis('configurationItemId', [to], command.data.ciStatuses, refuseCi);
    changes[field] = { from, to };
  }
  if (Object.keys(changes).length === 0) {
    throw incidentError('incident.details_unchanged', 'The edit changes none of the incident’s details', { fields: INCIDENT_DETAIL_FIELDS.filter((field) => command.data[field] !== undefined) });
  }
  return [{ type: 'IncidentEdited', data: { incidentId: command.incidentId, changes } }];
}

/** State and assignment are independent: starting the work is its own step, from new only. */
function startWork(command: StartIncidentWork, state: LiveIncident): readonly IncidentEvent[] {
  if (state.status !== 'new') throw stateError('incident.work_already_started', state);
  return [{ type: 'IncidentWorkStarted', data: { incidentId: command.incidentId } }];
}

function reclassify(command: ReclassifyIncident, state: UnresolvedIncident): readonly IncidentEvent[] {
  const { impact, urgency, reason, priorityMatrix } = command.data;
  requireText('reason', reason);
  const { priority, priorityMatrixVersion } = classify(impact, urgency, priorityMatrix);
  if (impact === state.impact && urgency === state.urgency) {
    const message = 'Impact and urgency already have these values';
    throw incidentError('incident.classification_unchanged', message, { impact, urgency });
  }
  const data = { incidentId: command.incidentId, impact, urgency, priority, priorityMatrixVersion, reason };
  // Not measured yet (no policy had a target for its priority when it opened): raised into a measured priority, its SLA starts now.
  const { slaConfiguration } = command.data;
  const scope = { priority, assignmentGroup: state.assignmentGroup, configurationItemId: state.details.configurationItemId ?? null };
  const slaTerms = state.slaStarted || slaConfiguration === undefined ? null : slaTermsFor(slaConfiguration, scope, command.context.now);
  const slaStarted: IncidentEvent[] = slaTerms === null ? [] : [{ type: 'SlaStarted', data: { incidentId: command.incidentId, ...slaTerms } }];
  return [{ type: 'IncidentReclassified', data: { ...data, previousPriority: state.priority } }, ...slaStarted];
}

function awaited(reason: HoldReason, awaiting: AwaitedReference | null): AwaitedReference | null {
  if (awaiting === null) return null;
  requireOneOf('awaiting.kind', awaiting.kind, AWAITED_KINDS);
  const reference = requireText('awaiting.reference', awaiting.reference);
  const expected = AWAITED_KIND_OF[reason];
  if (expected !== awaiting.kind) {
    const message = expected === undefined ? `A hold ${reason} names nothing it awaits` : `A hold ${reason} names a ${expected}, not a ${awaiting.kind}`;
    throw incidentError('incident.awaiting_mismatch', message, { field: 'awaiting.kind', reason, kind: awaiting.kind });
  }
  return { kind: awaiting.kind, reference };
}

/**
 * An incident awaiting a problem names it, and the problem must be one whose resolution will resume
 * it: raised, not yet resolved, and linking this incident (as the handler read it from the log).
 */
function awaitableProblem(awaiting: AwaitedReference | null, problem: AwaitedProblemLookup | null | undefined): void {
  if (awaiting === null) throw incidentError('incident.awaiting_required', undefined, { field: 'awaiting' });
  const details = { field: 'awaiting.reference', reference: awaiting.reference };
  if (problem === undefined) return;
  if (problem === null) throw incidentError('incident.awaited_problem_unknown', `Problem ${awaiting.reference} was never raised`, details);
  if (!['new', 'assessed', 'root_cause_analysis', 'fix_in_progress'].includes(problem.status)) throw incidentError('incident.awaited_problem_not_open', undefined, { ...details, problemStatus: problem.status });
  if (!problem.linksIncident) throw incidentError('incident.awaited_problem_not_linked', `Problem ${awaiting.reference} does not link this incident: link it first, so that its resolution resumes this one`, details);
}

/** Withdrawn only where it was told and stands; anything else is left as it is (the reaction decides nothing). */
function withdrawWorkaround(command: WithdrawWorkaround, state: IncidentState): readonly IncidentEvent[] {
  if (!isLiveIncident(state) || !(state.workaroundProblemIds ?? []).includes(command.data.problemId)) return [];
  return [{ type: 'IncidentWorkaroundWithdrawn', data: { incidentId: command.incidentId, ...command.data } }];
}

function putOnHold(command: PutIncidentOnHold, state: UnresolvedIncident): readonly IncidentEvent[] {
  if (state.status === 'on_hold') throw stateError('incident.already_on_hold', state);
  requireOneOf('reason', command.data.reason, HOLD_REASONS);
  const note = optionalText('note', command.data.note);
  const awaiting = awaited(command.data.reason, command.data.awaiting ?? null);
  if (command.data.reason === 'awaiting_problem') awaitableProblem(awaiting, command.data.awaitedProblem);
  const data = { incidentId: command.incidentId, reason: command.data.reason, note, holdNumber: state.holdCount + 1, awaiting };
  return [{ type: 'IncidentPutOnHold', data }];
}





/**
 * Only an incident on hold awaiting this very problem, once the problem is resolved, cancelled or no
 * longer links it; anything else is left as it is (the reaction decides nothing).
 */
function resumeForProblem(command: ResumeIncidentForProblem, state: IncidentState): readonly IncidentEvent[] {
  if (state.status !== 'on_hold' || state.holdReason !== 'awaiting_problem' || state.awaiting?.kind !== 'problem') return [];
  const { problemId, problemNumber } = command.data;
  const named = state.awaiting.reference.toUpperCase();
  if (named !== problemId.toUpperCase() && named !== problemNumber?.toUpperCase()) return [];
  const cause = { kind: command.data.because ?? 'problem_resolved', problemId, problemNumber };
  return [{ type: 'IncidentResumed', data: { incidentId: command.incidentId, holdNumber: state.holdCount, resumesTo: state.heldFrom, cause } }];
}

function resume(command: ResumeIncident, state: UnresolvedIncident): readonly IncidentEvent[] {
  if (state.status !== 'on_hold') throw stateError('incident.not_on_hold', state);
  return [{ type: 'IncidentResumed', data: { incidentId: command.incidentId, holdNumber: state.holdCount, resumesTo: state.heldFrom } }];
}

// Unused state parameters below are there as proof, by type, that the caller checked the status first.

/** Notes and comments are the record of the work, so they stay welcome after resolution. */
function note(command: AddWorkNote | AddComment, _state: LiveIncident): { incidentId: string; text: string } {
  requireText('text', command.data.text);
  return { incidentId: command.incidentId, text: command.data.text };
}

function resolve(command: ResolveIncident, state: UnresolvedIncident): readonly IncidentEvent[] {
  const { resolutionCode, resolutionNotes } = command.data;
  requireOneOf('resolutionCode', resolutionCode, RESOLUTION_CODES);
  requireText('resolutionNotes', resolutionNotes);
  const numbers = { resolutionNumber: state.resolutionCount + 1, holdNumber: runningHold(state) };
  return [{ type: 'IncidentResolved', data: { incidentId: command.incidentId, resolutionCode, resolutionNotes, ...numbers } }];
}

/** Names the resolution that did not hold. */
function reopen(command: ReopenIncident, state: ResolvedIncident): readonly IncidentEvent[] {
  requireText('reason', command.data.reason);
  const { reopenCount, resolutionCount } = state;
  const data = { incidentId: command.incidentId, reason: command.data.reason, reopenCount: reopenCount + 1, resolutionNumber: resolutionCount };
  return [{ type: 'IncidentReopened', data }];
}

/** Names the resolution that held. */
function close(command: CloseIncident, state: ResolvedIncident): readonly IncidentEvent[] {
  if (state.major === 'accepted' && state.review === undefined) throw stateError('incident.major_review_required', state);
  return [{ type: 'IncidentClosed', data: { incidentId: command.incidentId, resolutionNumber: state.resolutionCount } }];
}

function cancel(command: CancelIncident, state: UnresolvedIncident): readonly IncidentEvent[] {
  requireText('reason', command.data.reason);
  const data = { incidentId: command.incidentId, reason: command.data.reason, holdNumber: runningHold(state) };
  return [{ type: 'IncidentCancelled', data }];
}


/** The priority comes from the matrix in force, and its version goes on record for the auditor. */
function classify(impact: Impact, urgency: Urgency, matrix: PriorityMatrix) {
  requireOneOf('impact', impact, [1, 2, 3]);
  requireOneOf('urgency', urgency, [1, 2, 3]);
  return { priority: priorityOf(matrix, impact, urgency), priorityMatrixVersion: matrix.version };
}




