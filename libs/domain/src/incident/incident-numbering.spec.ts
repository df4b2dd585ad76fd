import { deciderSpec } from '../testing/decider-spec';
import { EVERY_LATER_COMMAND, HISTORIES, assigned, command, event, incidentOpened, onHold } from '../testing/incident-fixtures';
import { incidentDecider } from './incident-decider';
import type { IncidentEvent } from './incident-events';

const { given } = deciderSpec(incidentDecider);

const resume = command('ResumeIncident', {});
const hold = command('PutIncidentOnHold', { reason: 'awaiting_vendor' });
const resolve = command('ResolveIncident', { resolutionCode: 'solved_remotely', resolutionNotes: 'Pushed a new profile.' });
const reopen = command('ReopenIncident', { reason: 'It came back' });
const close = command('CloseIncident', {});
const cancel = command('CancelIncident', { reason: 'Duplicate' });

/** As recorded before schema version 2: no hold or resolution numbers. */
const legacy = {
  onHold: event('IncidentPutOnHold', { reason: 'awaiting_caller', note: null }),
  resumed: event('IncidentResumed', {}),
  resolved: event('IncidentResolved', { resolutionCode: 'solved_permanently', resolutionNotes: 'Replaced the VPN profile.' }),
  reopened: (reopenCount: number) => event('IncidentReopened', { reason: 'Again', reopenCount }),
};
const working = [incidentOpened(), assigned('network-ops', 'user:linus')];

/** What each command that takes the incident out of `status` records, with the number it names. */
function leaving(history: readonly IncidentEvent[], status: string, field: 'holdNumber' | 'resolutionNumber') {
  return EVERY_LATER_COMMAND.flatMap((cmd) => {
    let decided: readonly IncidentEvent[];
    try {
      decided = incidentDecider.decide(cmd, given(history).state);
    } catch {
      return [];
    }
    if (given([...history, ...decided]).state.status === status) return [];
    return decided.map((e) => [e.type, (e.data as Record<string, unknown>)[field]]);
  });
}

describe('Numbered intervals are never left open', () => {
  it('every command that ends a hold names it: resume, resolve and cancel', () => {
    expect(leaving(HISTORIES.on_hold, 'on_hold', 'holdNumber')).toEqual([
      ['IncidentResumed', 1],
      ['IncidentResolved', 1],
      ['IncidentCancelled', 1],
    ]);
  });

  it('every command that ends a resolution names it: reopened (it did not hold) or closed (it held)', () => {
    expect(leaving(HISTORIES.resolved, 'resolved', 'resolutionNumber')).toEqual([
      ['IncidentReopened', 1],
      ['IncidentClosed', 1],
    ]);
  });
});

describe('Events recorded before the numbers (schema version 1)', () => {
  it('are numbered by counting, so the next hold takes the next number', () => {
    const history = [...working, legacy.onHold, legacy.resumed, legacy.onHold, legacy.resumed];
    expect(given(history).state).toMatchObject({ status: 'in_progress', holdCount: 2 });
    given(history).when(hold).then([event('IncidentPutOnHold', { reason: 'awaiting_vendor', note: null, holdNumber: 3, awaiting: null })]);
  });

  it('let a later command name a hold that an older event started', () => {
    const history = [...working, legacy.onHold, legacy.resumed, legacy.onHold];
    given(history).when(resume).then([event('IncidentResumed', { holdNumber: 2, resumesTo: 'in_progress' })]);
    given(history).when(cancel).then([event('IncidentCancelled', { reason: 'Duplicate', holdNumber: 2 })]);
  });

  it('let a later command name a resolution that an older event recorded', () => {
    const history = [...working, legacy.resolved, legacy.reopened(1), legacy.resolved];
    expect(given(history).state).toMatchObject({ status: 'resolved', resolutionCount: 2, reopenCount: 1 });
    given(history).when(close).then([event('IncidentClosed', { resolutionNumber: 2 })]);
    given(history).when(reopen).then([event('IncidentReopened', { reason: 'It came back', reopenCount: 2, resolutionNumber: 2 })]);
  });

  it('take the number a recorded event carries rather than recount', () => {
    const numbered = { ...onHold, data: { ...onHold.data, holdNumber: 5 } };
    expect(given([...working, numbered]).state).toMatchObject({ holdCount: 5 });
    given([...working, legacy.onHold, legacy.resumed]).when(resolve).then([
      event('IncidentResolved', { resolutionCode: 'solved_remotely', resolutionNotes: 'Pushed a new profile.', resolutionNumber: 1, holdNumber: null }),
    ]);
  });
});
