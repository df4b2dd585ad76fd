import { DomainError } from '../shared/domain-error';
import { deciderSpec } from '../testing/decider-spec';
import { INCIDENT_ERROR_CODES, incidentDecider } from './incident-decider';
import type { IncidentCommand } from './incident-commands';
import { INCIDENT_EVENT_TYPES, type IncidentEvent } from './incident-events';
import { EVERY_LATER_COMMAND, HISTORIES, command, event, openIncident } from '../testing/incident-fixtures';

const { given } = deciderSpec(incidentDecider);

const cases = (commands: readonly IncidentCommand[]) => commands.map((c) => [c.type, c] as const);

describe('Rules that hold for every command', () => {
  describe('on an incident that was never opened', () => {
    it.each(cases(EVERY_LATER_COMMAND))('%s is refused as not found', (_type, cmd) => {
      given([]).when(cmd).thenThrows('incident.not_found', 'not_found');
    });
  });

  describe('on a closed incident', () => {
    it.each(cases(EVERY_LATER_COMMAND))('%s is refused because it is closed', (_type, cmd) => {
      given(HISTORIES.closed).when(cmd).thenThrows('incident.closed', 'conflict');
    });

    it('reports the closure before anything wrong with the request itself', () => {
      given(HISTORIES.closed).when(command('AddWorkNote', { text: '' })).thenThrows('incident.closed', 'conflict');
    });
  });

  describe('on a cancelled incident', () => {
    it.each(cases(EVERY_LATER_COMMAND))('%s is refused because it is cancelled', (_type, cmd) => {
      given(HISTORIES.cancelled).when(cmd).thenThrows('incident.cancelled', 'conflict');
    });

    it('reports the cancellation before anything wrong with the request itself', () => {
      given(HISTORIES.cancelled).when(command('CancelIncident', { reason: ' ' })).thenThrows('incident.cancelled', 'conflict');
    });
  });

  describe('on a resolved incident', () => {
    // Its details can still be corrected (a category, a CI), as ServiceNow allows.
    const stillWorking = ['EditIncident', 'AddWorkNote', 'AddComment', 'ReopenIncident', 'CloseIncident'];

    it.each(cases(EVERY_LATER_COMMAND.filter((c) => !stillWorking.includes(c.type))))(
      '%s is refused because it is already resolved',
      (_type, cmd) => {
        given(HISTORIES.resolved).when(cmd).thenThrows('incident.already_resolved', 'conflict');
      },
    );

    it.each(cases(EVERY_LATER_COMMAND.filter((c) => stillWorking.includes(c.type))))('%s is accepted', (_type, cmd) => {
      expect(incidentDecider.decide(cmd, given(HISTORIES.resolved).state)).toHaveLength(1);
    });
  });
});

describe('Deciding is pure', () => {
  const histories = [[], ...Object.values(HISTORIES)] as readonly (readonly IncidentEvent[])[];
  const outcome = (cmd: IncidentCommand, history: readonly IncidentEvent[]) => {
    try {
      return { events: incidentDecider.decide(cmd, given(history).state) };
    } catch (error) {
      return { error: error instanceof DomainError ? [error.code, error.kind, error.details] : error };
    }
  };
  const everyPair = histories.flatMap((history) => [openIncident(), ...EVERY_LATER_COMMAND].map((cmd) => [cmd, history] as const));

  it('gives the same outcome for the same command and state, whatever was decided in between', () => {
    const first = everyPair.map(([cmd, history]) => outcome(cmd, history));
    const againInReverse = [...everyPair].reverse().map(([cmd, history]) => outcome(cmd, history));
    expect(againInReverse.reverse()).toEqual(first);
  });

  it('takes nothing from the command context: the actor and the time travel in the event metadata', () => {
    const later = { ...command('AddComment', { text: 'On it.' }), context: { actor: 'agent:bob', now: '2031-01-01T00:00:00.000Z' } };
    given(HISTORIES.in_progress).when(later).then([event('IncidentCommentAdded', { text: 'On it.' })]);
  });

  it('only ever throws codes listed in INCIDENT_ERROR_CODES, with the kind listed there', () => {
    const thrown = everyPair.map(([cmd, history]) => outcome(cmd, history).error).filter((error) => error !== undefined);
    expect(thrown.filter((error) => !Array.isArray(error))).toEqual([]);
    for (const error of thrown) {
      const [code, kind] = error as [keyof typeof INCIDENT_ERROR_CODES, string];
      expect(INCIDENT_ERROR_CODES[code]?.kind).toBe(kind);
    }
  });
});

describe('Evolving', () => {
  it('never throws for a recorded fact, even one that cannot apply to the state', () => {
    for (const history of [[], HISTORIES.closed, HISTORIES.cancelled]) {
      // An imported version is the whole incident as read from another tool: incident-import.spec.ts folds it.
      for (const type of INCIDENT_EVENT_TYPES.filter((t) => t !== 'IncidentOpened' && t !== 'IncidentVersionImported')) {
        const stray = event(type, { reason: 'awaiting_caller', assignmentGroup: 'x', assignee: null } as never);
        expect(() => incidentDecider.evolve(given(history).state, stray)).not.toThrow();
      }
    }
  });

  it('leaves a never-opened incident unopened when a stray fact arrives', () => {
    expect(incidentDecider.evolve(incidentDecider.initialState, event('IncidentResumed', {}))).toEqual({ status: 'none' });
  });
});
