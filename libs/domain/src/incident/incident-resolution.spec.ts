import { deciderSpec } from '../testing/decider-spec';
import { incidentDecider } from './incident-decider';
import type { ResolutionCode } from './incident-events';
import { HISTORIES, command, event, resolvedEvent } from '../testing/incident-fixtures';

const { given } = deciderSpec(incidentDecider);

const resolve = (resolutionCode: ResolutionCode, resolutionNotes = 'Rolled back the client update.') =>
  command('ResolveIncident', { resolutionCode, resolutionNotes });
const reopen = (reason = 'Dropped again this afternoon') => command('ReopenIncident', { reason });
const close = command('CloseIncident', {});
const cancel = (reason = 'Raised twice by mistake') => command('CancelIncident', { reason });
const reopened = (reopenCount: number) => event('IncidentReopened', { reason: 'Dropped again this afternoon', reopenCount });

describe('Resolving an incident', () => {
  it.each(['new', 'in_progress', 'on_hold'] as const)('records the resolution code and notes, from %s', (status) => {
    const state = given(HISTORIES[status])
      .when(resolve('solved_workaround'))
      .then([event('IncidentResolved', { resolutionCode: 'solved_workaround', resolutionNotes: 'Rolled back the client update.' })]);
    expect(state).toMatchObject({ status: 'resolved' });
    expect(state).not.toHaveProperty('holdReason');
  });

  it('is refused when already resolved', () => {
    given(HISTORIES.resolved).when(resolve('duplicate')).thenThrows('incident.already_resolved', 'conflict');
  });

  it('is refused for a code outside the resolution codes', () => {
    const error = given(HISTORIES.in_progress)
      .when(resolve('fixed_itself' as ResolutionCode))
      .thenThrows('incident.invalid_field', 'not_allowed');
    expect(error.details).toMatchObject({ field: 'resolutionCode' });
  });

  it('is refused without resolution notes', () => {
    const error = given(HISTORIES.in_progress).when(resolve('solved_remotely', ' ')).thenThrows('incident.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field: 'resolutionNotes' });
  });
});

describe('Reopening an incident', () => {
  it('puts a resolved incident back in progress with its assignment, counting the reopen', () => {
    const state = given(HISTORIES.resolved).when(reopen()).then([reopened(1)]);
    expect(state).toMatchObject({ status: 'in_progress', assignmentGroup: 'network-ops', assignee: 'user:linus', reopenCount: 1 });
  });

  it('counts every reopen', () => {
    const state = given([...HISTORIES.resolved, reopened(1), resolvedEvent]).when(reopen()).then([reopened(2)]);
    expect(state).toMatchObject({ reopenCount: 2 });
  });

  it.each(['new', 'in_progress', 'on_hold'] as const)('is refused when the incident is not resolved (%s)', (status) => {
    given(HISTORIES[status]).when(reopen()).thenThrows('incident.not_resolved', 'conflict');
  });

  it('is refused without a reason', () => {
    given(HISTORIES.resolved).when(reopen('')).thenThrows('incident.invalid_field', 'not_allowed');
  });
});

describe('Closing an incident', () => {
  it('closes a resolved incident, keeping nothing but its id', () => {
    const state = given(HISTORIES.resolved).when(close).then([event('IncidentClosed', {})]);
    expect(state).toEqual({ status: 'closed', incidentId: 'INC0010001' });
  });

  it.each(['new', 'in_progress', 'on_hold'] as const)('is refused when the incident is not resolved (%s)', (status) => {
    const error = given(HISTORIES[status]).when(close).thenThrows('incident.not_resolved', 'conflict');
    expect(error.details).toEqual({ status });
  });
});

describe('Cancelling an incident', () => {
  it.each(['new', 'in_progress', 'on_hold'] as const)('records the reason and ends the incident, from %s', (status) => {
    const state = given(HISTORIES[status]).when(cancel()).then([event('IncidentCancelled', { reason: 'Raised twice by mistake' })]);
    expect(state).toEqual({ status: 'cancelled', incidentId: 'INC0010001' });
  });

  it('is refused once the incident is resolved (close it instead)', () => {
    given(HISTORIES.resolved).when(cancel()).thenThrows('incident.already_resolved', 'conflict');
  });

  it('is refused without a reason', () => {
    given(HISTORIES.new).when(cancel('\t')).thenThrows('incident.invalid_field', 'not_allowed');
  });
});
