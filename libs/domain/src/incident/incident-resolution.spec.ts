import { deciderSpec } from '../testing/decider-spec';
import { incidentDecider } from './incident-decider';
import type { ResolutionCode } from './incident-events';
import { HISTORIES, command, event, resolution } from '../testing/incident-fixtures';

const { given } = deciderSpec(incidentDecider);

const resolve = (resolutionCode: ResolutionCode, resolutionNotes = 'Rolled back the client update.') =>
  command('ResolveIncident', { resolutionCode, resolutionNotes });
const reopen = (reason = 'Dropped again this afternoon') => command('ReopenIncident', { reason });
const close = command('CloseIncident', {});
const cancel = (reason = 'Raised twice by mistake') => command('CancelIncident', { reason });
const reopened = (reopenCount: number, resolutionNumber = reopenCount) =>
  event('IncidentReopened', { reason: 'Dropped again this afternoon', reopenCount, resolutionNumber });
const resolved = (resolutionNumber: number, holdNumber: number | null) =>
  event('IncidentResolved', { resolutionCode: 'solved_workaround', resolutionNotes: 'Rolled back the client update.', resolutionNumber, holdNumber });

describe('Resolving an incident', () => {
  it.each([
    ['new', null],
    ['in_progress', null],
    ['on_hold', 1],
  ] as const)('records the resolution code, notes and number, from %s, ending the hold it was on (%s)', (status, holdNumber) => {
    const state = given(HISTORIES[status]).when(resolve('solved_workaround')).then([resolved(1, holdNumber)]);
    expect(state).toMatchObject({ status: 'resolved', resolutionCount: 1 });
    expect(state).not.toHaveProperty('holdReason');
  });

  it('numbers each resolution: one that did not hold keeps its number, the next takes the next', () => {
    given([...HISTORIES.resolved, reopened(1)]).when(resolve('solved_workaround')).then([resolved(2, null)]);
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
  it('puts a resolved incident back in progress with its assignment, counting the reopen and naming the resolution that did not hold', () => {
    const state = given(HISTORIES.resolved).when(reopen()).then([reopened(1, 1)]);
    expect(state).toMatchObject({ status: 'in_progress', assignmentGroup: 'network-ops', assignee: 'user:linus', reopenCount: 1, resolutionCount: 1 });
  });

  it('counts every reopen', () => {
    const state = given([...HISTORIES.resolved, reopened(1), resolution(2)]).when(reopen()).then([reopened(2, 2)]);
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
  it('closes a resolved incident, naming the resolution that held and keeping nothing but its id', () => {
    const state = given(HISTORIES.resolved).when(close).then([event('IncidentClosed', { resolutionNumber: 1 })]);
    expect(state).toEqual({ status: 'closed', incidentId: 'INC0010001' });
  });

  it('names the latest resolution after a reopening', () => {
    given([...HISTORIES.resolved, reopened(1), resolution(2)]).when(close).then([event('IncidentClosed', { resolutionNumber: 2 })]);
  });

  it.each(['new', 'in_progress', 'on_hold'] as const)('is refused when the incident is not resolved (%s)', (status) => {
    const error = given(HISTORIES[status]).when(close).thenThrows('incident.not_resolved', 'conflict');
    expect(error.details).toEqual({ status });
  });
});

describe('Cancelling an incident', () => {
  it.each([
    ['new', null],
    ['in_progress', null],
    ['on_hold', 1],
  ] as const)('records the reason and ends the incident, from %s, ending the hold it was on (%s)', (status, holdNumber) => {
    const state = given(HISTORIES[status]).when(cancel()).then([event('IncidentCancelled', { reason: 'Raised twice by mistake', holdNumber })]);
    expect(state).toEqual({ status: 'cancelled', incidentId: 'INC0010001' });
  });

  it('is refused once the incident is resolved (close it instead)', () => {
    given(HISTORIES.resolved).when(cancel()).thenThrows('incident.already_resolved', 'conflict');
  });

  it('is refused without a reason', () => {
    given(HISTORIES.new).when(cancel('\t')).thenThrows('incident.invalid_field', 'not_allowed');
  });
});
