import type { AssignIncident, ReassignIncident } from './incident-commands';
import { incidentError, optionalText, requireText } from './incident-errors';
import type { IncidentAssigned, IncidentReassigned } from './incident-events';
import type { UnresolvedIncident } from './incident-state';

/**
 * Assign fills in what is empty; reassign changes what is set. Keeping them apart is what makes
 * the reassignment count (a ServiceNow quality metric) mean "handed over", not "first picked up".
 */
export function decideAssign(command: AssignIncident, state: UnresolvedIncident): readonly IncidentAssigned[] {
  const { group, assignee } = requested(command);
  const assignmentGroup = group ?? state.assignmentGroup;
  if (assignmentGroup === null) {
    throw incidentError('incident.assignee_requires_group', 'An assignee needs an assignment group', { assignee });
  }
  if (overwrites(state.assignmentGroup, group) || overwrites(state.assignee, assignee)) {
    throw incidentError('incident.already_assigned', 'The incident is already assigned: reassign it instead', {
      assignmentGroup: state.assignmentGroup,
      assignee: state.assignee,
    });
  }
  const nextAssignee = assignee ?? state.assignee;
  if (assignmentGroup === state.assignmentGroup && nextAssignee === state.assignee) {
    throw unchanged(assignmentGroup, nextAssignee);
  }
  // An assignment never moves the state (schema version 5): starting the work is its own command.
  const data = { incidentId: command.incidentId, assignmentGroup, assignee: nextAssignee, startedWork: false };
  return [{ type: 'IncidentAssigned', data }];
}

export function decideReassign(command: ReassignIncident, state: UnresolvedIncident): readonly IncidentReassigned[] {
  const previousAssignmentGroup = state.assignmentGroup;
  if (previousAssignmentGroup === null) {
    throw incidentError('incident.not_assigned', 'The incident has no assignment to change: assign it first', {
      status: state.status,
    });
  }
  const { group, assignee, returnsToQueue } = requested(command);
  requireText('reason', command.data.reason);
  const assignmentGroup = group ?? previousAssignmentGroup;
  const groupChanged = assignmentGroup !== previousAssignmentGroup;
  // The previous assignee belongs to the previous group; a new group picks its own unless one is named.
  // `assignee: null` hands it back to its group's queue, for anyone in the group to pick up.
  const nextAssignee = assignee ?? (groupChanged || returnsToQueue ? null : state.assignee);
  if (!groupChanged && nextAssignee === state.assignee) throw unchanged(assignmentGroup, nextAssignee);
  return [
    {
      type: 'IncidentReassigned',
      data: {
        incidentId: command.incidentId,
        assignmentGroup,
        assignee: nextAssignee,
        previousAssignmentGroup,
        previousAssignee: state.assignee,
        reason: command.data.reason,
        reassignmentCount: state.reassignmentCount + 1,
        startedWork: false,
      },
    },
  ];
}

function requested(command: AssignIncident | ReassignIncident): { group: string | null; assignee: string | null; returnsToQueue: boolean } {
  const group = optionalText('assignmentGroup', command.data.assignmentGroup);
  const assignee = optionalText('assignee', command.data.assignee);
  // Only a reassignment can clear the assignee: an assignment fills in, and null there means "not this one".
  const returnsToQueue = command.type === 'ReassignIncident' && command.data.assignee === null;
  if (group === null && assignee === null && !returnsToQueue) {
    throw incidentError('incident.assignment_empty', 'Name an assignment group, an assignee, or both (to reassign back to the queue: assignee null)');
  }
  return { group, assignee, returnsToQueue };
}

function overwrites(current: string | null, requested: string | null): boolean {
  return current !== null && requested !== null && requested !== current;
}

function unchanged(assignmentGroup: string, assignee: string | null) {
  const details = { assignmentGroup, assignee };
  return incidentError('incident.assignment_unchanged', 'The incident already has this assignment', details);
}
