import { DomainError } from '../shared/domain-error';
import { deciderSpec } from '../testing/decider-spec';
import { CHANGE_ERROR_CODES } from './change-errors';
import { changeDecider } from './change-decider';
import type { ChangeCommand } from './change-commands';
import { CHANGE_EVENT_TYPES, CHANGE_STREAM_PREFIX, changeStream, type ChangeEvent } from './change-events';
import { EVERY_LATER_COMMAND, HISTORIES, at, command, event, raiseChange, raiseStandard } from '../testing/change-fixtures';

const { given } = deciderSpec(changeDecider);

const cases = (commands: readonly ChangeCommand[]) => commands.map((c) => [c.type, c] as const);

describe('Rules that hold for every change command', () => {
  it.each(cases(EVERY_LATER_COMMAND))('%s on a change never raised is refused as not found', (_type, cmd) => {
    given([]).when(cmd).thenThrows('change.not_found', 'not_found');
  });

  it.each(cases(EVERY_LATER_COMMAND))('%s on a closed change is refused because it is closed', (_type, cmd) => {
    given(HISTORIES.closed).when(cmd).thenThrows('change.closed', 'conflict');
  });

  it.each(cases(EVERY_LATER_COMMAND))('%s on a cancelled change is refused because it is cancelled', (_type, cmd) => {
    given(HISTORIES.cancelled).when(cmd).thenThrows('change.cancelled', 'conflict');
  });

  it('reports the terminal status before anything wrong with the request itself', () => {
    given(HISTORIES.closed).when(command('CancelChange', { reason: '' })).thenThrows('change.closed', 'conflict');
    given([]).when(command('UpdateChange', { title: ' ' })).thenThrows('change.not_found', 'not_found');
  });

  it.each(Object.entries(HISTORIES))('raising is refused when the change already exists (%s)', (_status, history) => {
    given(history).when(raiseChange()).thenThrows('change.already_exists', 'conflict');
    given(history).when(raiseStandard()).thenThrows('change.already_exists', 'conflict');
  });
});

describe('Deciding is pure', () => {
  const histories = [[], ...Object.values(HISTORIES)] as readonly (readonly ChangeEvent[])[];
  const everyCommand = [raiseChange(), raiseChange('emergency'), raiseStandard(), ...EVERY_LATER_COMMAND];
  const everyPair = histories.flatMap((history) => everyCommand.map((cmd) => [cmd, history] as const));
  const outcome = (cmd: ChangeCommand, history: readonly ChangeEvent[]) => {
    try {
      return { events: changeDecider.decide(cmd, given(history).state) };
    } catch (error) {
      return { error: error instanceof DomainError ? [error.code, error.kind, error.details] : error };
    }
  };

  it('gives the same outcome for the same command and state, whatever was decided in between', () => {
    const first = everyPair.map(([cmd, history]) => outcome(cmd, history));
    const againInReverse = [...everyPair].reverse().map(([cmd, history]) => outcome(cmd, history));
    expect(againInReverse.reverse()).toEqual(first);
  });

  it('only ever throws codes listed in CHANGE_ERROR_CODES, with the kind listed there', () => {
    const thrown = everyPair.map(([cmd, history]) => outcome(cmd, history).error).filter((error) => error !== undefined);
    expect(thrown.filter((error) => !Array.isArray(error))).toEqual([]);
    for (const error of thrown) {
      const [code, kind] = error as [keyof typeof CHANGE_ERROR_CODES, string];
      expect(CHANGE_ERROR_CODES[code]?.kind).toBe(kind);
    }
  });

  it('namespaces every code under change.', () => {
    expect(Object.keys(CHANGE_ERROR_CODES).filter((code) => !code.startsWith('change.'))).toEqual([]);
  });

  it('takes the actor as the requester when raising, and nothing else from the context', () => {
    const raised = changeDecider.decide({ ...raiseChange(), context: at('user:radia', '2031-01-01T00:00:00Z') }, given([]).state);
    expect(raised[0]).toMatchObject({ type: 'ChangeRaised', data: { requester: 'user:radia' } });
  });
});

describe('Evolving', () => {
  it('never throws for a recorded fact, even one that cannot apply to the state', () => {
    for (const history of [[], HISTORIES.closed, HISTORIES.cancelled, HISTORIES.draft]) {
      for (const type of CHANGE_EVENT_TYPES.filter((t) => t !== 'ChangeRaised')) {
        const stray = event(type, { basis: 'approvals', approvers: [], changes: {} } as never);
        expect(() => changeDecider.evolve(given(history).state, stray)).not.toThrow();
      }
    }
  });

  it('leaves a never-raised change unraised when a stray fact arrives', () => {
    const stray = event('ChangeImplementationStarted', { retrospectiveReviewRequired: false });
    expect(changeDecider.evolve(changeDecider.initialState, stray)).toEqual({ status: 'none' });
  });

  it('keeps nothing but the id once the change is closed or cancelled', () => {
    expect(given(HISTORIES.closed).state).toEqual({ status: 'closed', changeId: 'CHG0030001' });
    expect(given(HISTORIES.cancelled).state).toEqual({ status: 'cancelled', changeId: 'CHG0030001' });
  });
});

describe('Streams', () => {
  it('names a change stream change-<id>', () => {
    expect(changeStream('CHG0030001')).toBe('change-CHG0030001');
    expect(changeStream('x').startsWith(CHANGE_STREAM_PREFIX)).toBe(true);
  });

  it('lists every event type once', () => {
    expect(new Set(CHANGE_EVENT_TYPES).size).toBe(CHANGE_EVENT_TYPES.length);
    expect(CHANGE_EVENT_TYPES).toHaveLength(16);
  });
});
