import type {
  AttachChildIncident,
  AttachToParent,
  DetachChildIncident,
  DetachFromParent,
  RecordMajorIncidentReview,
  ResolveIncidentWithParent,
} from './incident-commands';
import { incidentError, optionalText, requireText } from './incident-errors';
import type { IncidentEvent } from './incident-events';
import { runningHold, stateError } from './incident-guards';
import type { IncidentState, LiveIncident, UnresolvedIncident } from './incident-state';

/**
 * Major incidents and their children (issue 13). An attachment is recorded on both streams: the
 * child's claim first (IncidentAttachedToParent, decided here on the child, where "one parent at
 * most" holds atomically), then the parent's IncidentChildAttached. The command handler runs the two
 * in that order and undoes the claim when the parent's append does not land.
 */

/** Proposing needs an incident not major yet; accepting and declining, one proposed. */
export function major(incidentId: string, type: 'MajorIncidentProposed' | 'MajorIncidentAccepted' | 'MajorIncidentDeclined', reason: string, state: LiveIncident, from: 'proposed' | undefined): readonly IncidentEvent[] {
  requireText('reason', reason);
  if (from === undefined && state.major !== undefined) throw stateError('incident.already_major', state);
  if (from !== undefined && state.major !== from) throw stateError('incident.not_proposed_major', state);
  return [{ type, data: { incidentId, reason } }];
}

/** Decided on the parent: the handler's reading of the child gives the early, clear refusals. */
export function attachChild(command: AttachChildIncident, parent: UnresolvedIncident): readonly IncidentEvent[] {
  const childId = requireText('childId', command.data.childId);
  if (childId === command.incidentId || command.data.childHasChildren === true) throw incidentError('incident.child_is_parent', undefined, { childId });
  if (parent.parentId !== undefined) throw incidentError('incident.parent_is_child', undefined, { parentId: parent.parentId });
  const status = command.data.childStatus;
  if (status === 'none') throw incidentError('incident.child_unknown', `Incident ${childId} was never opened`, { childId });
  if (status !== undefined && !['new', 'in_progress', 'on_hold'].includes(status)) throw incidentError('incident.child_not_open', undefined, { childId, status });
  if ((parent.childIds ?? []).includes(childId)) throw incidentError('incident.child_already_attached', undefined, { childId });
  return [{ type: 'IncidentChildAttached', data: { incidentId: command.incidentId, childId } }];
}

export function detachChild(command: DetachChildIncident, parent: LiveIncident): readonly IncidentEvent[] {
  requireText('reason', command.data.reason);
  if (!(parent.childIds ?? []).includes(command.data.childId)) throw incidentError('incident.child_not_attached', undefined, { childId: command.data.childId });
  return [{ type: 'IncidentChildDetached', data: { incidentId: command.incidentId, childId: command.data.childId, reason: command.data.reason } }];
}

/**
 * Decided on the child: open, without children of its own, and a child of no other live incident (a
 * parent closed or cancelled can never resolve it: that attachment has lapsed). A repeat for the same
 * parent decides nothing.
 */
export function attachToParent(command: AttachToParent, child: IncidentState): readonly IncidentEvent[] {
  const { parentId } = command.data;
  if (child.status === 'none') throw incidentError('incident.child_unknown', `Incident ${command.incidentId} was never opened`, { childId: command.incidentId });
  if (child.status !== 'new' && child.status !== 'in_progress' && child.status !== 'on_hold') throw incidentError('incident.child_not_open', undefined, { childId: command.incidentId, status: child.status });
  if (child.parentId === parentId) return [];
  if (child.parentId !== undefined && command.data.currentParentEnded !== true) throw incidentError('incident.child_has_parent', `Incident ${command.incidentId} is already a child of ${child.parentId}: detach it there first`, { childId: command.incidentId, parentId: child.parentId });
  if ((child.childIds ?? []).length > 0) throw incidentError('incident.child_is_parent', undefined, { childId: command.incidentId });
  return [{ type: 'IncidentAttachedToParent', data: { incidentId: command.incidentId, parentId } }];
}

/** Decided on the child; a child of another parent, or of none, is left as it is (a repeat decides nothing). */
export function detachFromParent(command: DetachFromParent, child: IncidentState): readonly IncidentEvent[] {
  if (!('parentId' in child) || child.parentId !== command.data.parentId) return [];
  return [{ type: 'IncidentDetachedFromParent', data: { incidentId: command.incidentId, parentId: command.data.parentId, reason: requireText('reason', command.data.reason) } }];
}

/** The review of an accepted major incident; recorded again only when it says something new. */
export function review(command: RecordMajorIncidentReview, state: LiveIncident): readonly IncidentEvent[] {
  if (state.major !== 'accepted') throw stateError('incident.not_major', state);
  const problemId = optionalText('problemId', command.data.problemId);
  if (problemId !== null && command.data.problemKnown === false) throw incidentError('incident.problem_unknown', `Problem ${problemId} was never raised`, { problemId });
  const { whatHappened, timeline, actions } = command.data;
  const recorded = { whatHappened: requireText('whatHappened', whatHappened), timeline: requireText('timeline', timeline), actions: requireText('actions', actions), problemId };
  const before = state.review;
  if (before !== undefined && Object.entries(recorded).every(([field, value]) => before[field as keyof typeof before] === value)) throw incidentError('incident.review_unchanged');
  const previous = before?.problemId !== undefined && before.problemId !== null && before.problemId !== problemId ? { previousProblemId: before.problemId } : {};
  return [{ type: 'MajorIncidentReviewRecorded', data: { incidentId: command.incidentId, ...recorded, ...previous } }];
}

/**
 * A live child not yet resolved takes its parent's resolution, naming the parent; anything else
 * decides nothing, a child since detached from that parent included.
 */
export function resolveWithParent(command: ResolveIncidentWithParent, state: IncidentState): readonly IncidentEvent[] {
  if (state.status !== 'new' && state.status !== 'in_progress' && state.status !== 'on_hold') return [];
  const { parentId, parentNumber, resolutionCode, resolutionNotes } = command.data;
  // Children attached before schema version 8 recorded nothing on their own stream.
  if (state.parentId !== undefined && state.parentId !== parentId) return [];
  const numbers = { resolutionNumber: state.resolutionCount + 1, holdNumber: runningHold(state) };
  return [{ type: 'IncidentResolved', data: { incidentId: command.incidentId, resolutionCode, resolutionNotes, ...numbers, byParent: { incidentId: parentId, number: parentNumber } } }];
}
