import { deciderSpec } from '../testing/decider-spec';
import { incidentDecider } from './incident-decider';
import type { IncidentEvent } from './incident-events';
import { HISTORIES, assigned, command, event, incidentOpened, onHold, type EventData } from '../testing/incident-fixtures';

const { given } = deciderSpec(incidentDecider);

const REASON = 'Needs the firewall team';
const reassign = (data: { assignmentGroup?: string | null; assignee?: string | null }, reason = REASON) =>
  command('ReassignIncident', { ...data, reason });
const reassigned = (data: Omit<EventData<'IncidentReassigned'>, 'reason' | 'startedWork'>) =>
  event('IncidentReassigned', { ...data, reason: REASON, startedWork: false });

const working: readonly IncidentEvent[] = HISTORIES.in_progress; // network-ops / user:linus

describe('Reassigning an incident (changing a group or assignee that is set)', () => {
  it('moves it to another group and clears the assignee, who belonged to the old group', () => {
    const state = given(working)
      .when(reassign({ assignmentGroup: 'firewall' }))
      .then([
        reassigned({
          assignmentGroup: 'firewall',
          assignee: null,
          previousAssignmentGroup: 'network-ops',
          previousAssignee: 'user:linus',
          reassignmentCount: 1,
        }),
      ]);
    expect(state).toMatchObject({ status: 'in_progress', assignmentGroup: 'firewall', assignee: null, reassignmentCount: 1 });
  });

  it('moves it to another group with a named assignee', () => {
    given(working)
      .when(reassign({ assignmentGroup: 'firewall', assignee: 'user:radia' }))
      .then([
        reassigned({
          assignmentGroup: 'firewall',
          assignee: 'user:radia',
          previousAssignmentGroup: 'network-ops',
          previousAssignee: 'user:linus',
          reassignmentCount: 1,
        }),
      ]);
  });

  it('hands it to another assignee within the same group', () => {
    given(working)
      .when(reassign({ assignee: 'user:ken' }))
      .then([
        reassigned({
          assignmentGroup: 'network-ops',
          assignee: 'user:ken',
          previousAssignmentGroup: 'network-ops',
          previousAssignee: 'user:linus',
          reassignmentCount: 1,
        }),
      ]);
  });

  it('counts every reassignment', () => {
    const first = reassigned({
      assignmentGroup: 'firewall',
      assignee: null,
      previousAssignmentGroup: 'network-ops',
      previousAssignee: 'user:linus',
      reassignmentCount: 1,
    });
    const state = given([...working, first])
      .when(reassign({ assignmentGroup: 'network-ops', assignee: 'user:linus' }))
      .then([
        reassigned({
          assignmentGroup: 'network-ops',
          assignee: 'user:linus',
          previousAssignmentGroup: 'firewall',
          previousAssignee: null,
          reassignmentCount: 2,
        }),
      ]);
    expect(state).toMatchObject({ reassignmentCount: 2 });
  });

  it('leaves a new incident new when an assignee results: starting the work is its own step', () => {
    const state = given([incidentOpened({ assignmentGroup: 'network-ops' })])
      .when(reassign({ assignmentGroup: 'firewall', assignee: 'user:radia' }))
      .then([
        reassigned({
          assignmentGroup: 'firewall',
          assignee: 'user:radia',
          previousAssignmentGroup: 'network-ops',
          previousAssignee: null,
          reassignmentCount: 1,
        }),
      ]);
    expect(state).toMatchObject({ status: 'new', assignee: 'user:radia' });
  });

  it('leaves a new incident new when only the group changes', () => {
    const state = given([incidentOpened({ assignmentGroup: 'network-ops' })])
      .when(reassign({ assignmentGroup: 'firewall' }))
      .then([
        reassigned({
          assignmentGroup: 'firewall',
          assignee: null,
          previousAssignmentGroup: 'network-ops',
          previousAssignee: null,
          reassignmentCount: 1,
        }),
      ]);
    expect(state).toMatchObject({ status: 'new', assignmentGroup: 'firewall', assignee: null });
  });

  it('leaves an incident on hold on hold', () => {
    const state = given([incidentOpened(), assigned('network-ops', 'user:linus'), onHold])
      .when(reassign({ assignee: 'user:ken' }))
      .then([
        reassigned({
          assignmentGroup: 'network-ops',
          assignee: 'user:ken',
          previousAssignmentGroup: 'network-ops',
          previousAssignee: 'user:linus',
          reassignmentCount: 1,
        }),
      ]);
    expect(state).toMatchObject({ status: 'on_hold', holdReason: 'awaiting_caller' });
  });

  it('is refused when nothing is assigned yet: assign it first', () => {
    given([incidentOpened()]).when(reassign({ assignmentGroup: 'firewall' })).thenThrows('incident.not_assigned', 'conflict');
  });

  it.each([
    ['the same group alone (the assignee stays)', { assignmentGroup: 'network-ops' }],
    ['the same assignee alone', { assignee: 'user:linus' }],
    ['the same group and assignee', { assignmentGroup: 'network-ops', assignee: 'user:linus' }],
  ])('is refused when it would change nothing: %s', (_case, data) => {
    given(working).when(reassign(data)).thenThrows('incident.assignment_unchanged', 'not_allowed');
  });

  it('is refused when it names nobody', () => {
    given(working).when(reassign({})).thenThrows('incident.assignment_empty', 'not_allowed');
    given(working).when(reassign({ assignmentGroup: null })).thenThrows('incident.assignment_empty', 'not_allowed');
  });

  it('hands it back to its group’s queue with assignee null: the group stays, nobody works it, and it is counted', () => {
    const state = given(working)
      .when(reassign({ assignee: null }))
      .then([reassigned({ assignmentGroup: 'network-ops', assignee: null, previousAssignmentGroup: 'network-ops', previousAssignee: 'user:linus', reassignmentCount: 1 })]);
    expect(state).toMatchObject({ status: 'in_progress', assignmentGroup: 'network-ops', assignee: null, reassignmentCount: 1 });
  });

  it('is refused as a change of nothing when it hands back an incident nobody works', () => {
    const queued = [...working, reassigned({ assignmentGroup: 'network-ops', assignee: null, previousAssignmentGroup: 'network-ops', previousAssignee: 'user:linus', reassignmentCount: 1 })];
    given(queued).when(reassign({ assignee: null })).thenThrows('incident.assignment_unchanged', 'not_allowed');
  });

  it('does not let an assignment clear anything: assignee null there names nobody', () => {
    given(HISTORIES.new).when(command('AssignIncident', { assignee: null })).thenThrows('incident.assignment_empty', 'not_allowed');
  });

  it('is refused without a reason', () => {
    const error = given(working).when(reassign({ assignee: 'user:ken' }, '')).thenThrows('incident.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field: 'reason' });
  });

  it('is refused once the incident is resolved', () => {
    given(HISTORIES.resolved).when(reassign({ assignee: 'user:ken' })).thenThrows('incident.already_resolved', 'conflict');
  });
});
