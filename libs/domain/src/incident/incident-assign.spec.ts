import { deciderSpec } from '../testing/decider-spec';
import { incidentDecider } from './incident-decider';
import { HISTORIES, assigned, assignedNow, command, event, incidentOpened, onHold } from '../testing/incident-fixtures';

const { given } = deciderSpec(incidentDecider);

const assign = (data: { assignmentGroup?: string | null; assignee?: string | null }) => command('AssignIncident', data);
const openedForNetwork = incidentOpened({ assignmentGroup: 'network-ops' });

describe('Assigning an incident (first assignment, or filling in what is empty)', () => {
  it('gives an unassigned incident a group, and it stays new until someone works it', () => {
    const state = given([incidentOpened()])
      .when(assign({ assignmentGroup: 'network-ops' }))
      .then([assignedNow('network-ops', null)]);
    expect(state).toMatchObject({ status: 'new', assignmentGroup: 'network-ops', assignee: null });
  });

  it('leaves a new incident new though it names an assignee: state and assignment are independent', () => {
    const state = given([incidentOpened()])
      .when(assign({ assignmentGroup: 'network-ops', assignee: 'user:linus' }))
      .then([assignedNow('network-ops', 'user:linus')]);
    expect(state).toMatchObject({ status: 'new', assignmentGroup: 'network-ops', assignee: 'user:linus' });
  });

  it('reads an assignment recorded before schema version 5 that named someone on a new incident as having started the work, as it did then', () => {
    expect(given([incidentOpened(), assigned('network-ops', 'user:linus')]).state).toMatchObject({ status: 'in_progress', assignee: 'user:linus' });
    expect(given([incidentOpened(), assigned('network-ops')]).state).toMatchObject({ status: 'new' });
  });

  it('fills in an assignee within the group set at opening, and records the resulting group', () => {
    const state = given([openedForNetwork])
      .when(assign({ assignee: 'user:linus' }))
      .then([assignedNow('network-ops', 'user:linus')]);
    expect(state).toMatchObject({ status: 'new', assignee: 'user:linus', reassignmentCount: 0 });
  });

  it('accepts the current group restated beside a new assignee', () => {
    given([openedForNetwork])
      .when(assign({ assignmentGroup: 'network-ops', assignee: 'user:linus' }))
      .then([assignedNow('network-ops', 'user:linus')]);
  });

  it('leaves an incident on hold on hold', () => {
    const state = given([openedForNetwork, onHold])
      .when(assign({ assignee: 'user:linus' }))
      .then([assignedNow('network-ops', 'user:linus')]);
    expect(state).toMatchObject({ status: 'on_hold', holdReason: 'awaiting_caller', assignee: 'user:linus' });
  });

  it.each([{}, { assignmentGroup: null, assignee: null }])('is refused when it names nobody (%j)', (data) => {
    given([incidentOpened()]).when(assign(data)).thenThrows('incident.assignment_empty', 'not_allowed');
  });

  it('is refused when it names an assignee and there is no group to work within', () => {
    given([incidentOpened()])
      .when(assign({ assignee: 'user:linus' }))
      .thenThrows('incident.assignee_requires_group', 'not_allowed');
  });

  it('is refused when it would replace the group already set: that is a reassignment', () => {
    const error = given([openedForNetwork])
      .when(assign({ assignmentGroup: 'service-desk' }))
      .thenThrows('incident.already_assigned', 'conflict');
    expect(error.details).toEqual({ assignmentGroup: 'network-ops', assignee: null });
  });

  it('is refused when it would replace the assignee already set: that is a reassignment', () => {
    given(HISTORIES.in_progress)
      .when(assign({ assignee: 'user:ken' }))
      .thenThrows('incident.already_assigned', 'conflict');
  });

  it.each([
    ['the same group', [openedForNetwork], { assignmentGroup: 'network-ops' }],
    ['the same group and assignee', HISTORIES.in_progress, { assignmentGroup: 'network-ops', assignee: 'user:linus' }],
    ['the same assignee alone', HISTORIES.in_progress, { assignee: 'user:linus' }],
  ] as const)('is refused when it would change nothing (%s)', (_case, history, data) => {
    given(history).when(assign(data)).thenThrows('incident.assignment_unchanged', 'not_allowed');
  });

  it.each(['assignmentGroup', 'assignee'] as const)('is refused when the %s is blank rather than absent', (field) => {
    const error = given([openedForNetwork])
      .when(assign({ assignmentGroup: 'network-ops', [field]: '   ' }))
      .thenThrows('incident.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field });
  });

  it('is refused once the incident is resolved', () => {
    given(HISTORIES.resolved).when(assign({ assignee: 'user:ken' })).thenThrows('incident.already_resolved', 'conflict');
  });
});

describe('Starting the work on an incident', () => {
  it('moves a new incident into progress, assigned or not', () => {
    for (const history of [[incidentOpened()], [incidentOpened(), assignedNow('network-ops', 'user:linus')]]) {
      const state = given(history).when(command('StartIncidentWork', {})).then([event('IncidentWorkStarted', {})]);
      expect(state).toMatchObject({ status: 'in_progress' });
    }
  });

  it.each(['in_progress', 'on_hold', 'resolved'] as const)('is refused on an incident %s', (status) => {
    const error = given(HISTORIES[status]).when(command('StartIncidentWork', {})).thenThrows('incident.work_already_started', 'conflict');
    expect(error.details).toEqual({ status });
  });
});
