import { DomainError } from '../shared/domain-error';
import { deciderSpec } from '../testing/decider-spec';
import { EVERY_LATER_COMMAND, HISTORIES, command, event, registerCi } from '../testing/configuration-item-fixtures';
import type { ConfigurationItemCommand } from './ci-commands';
import { configurationItemDecider } from './ci-decider';
import { CI_ERROR_CODES } from './ci-errors';
import { CI_EVENT_TYPES, configurationItemStream, CI_STREAM_PREFIX, type ConfigurationItemEvent } from './ci-events';

const { given } = deciderSpec(configurationItemDecider);

const cases = (commands: readonly ConfigurationItemCommand[]) => commands.map((c) => [c.type, c] as const);

describe('The configuration item stream', () => {
  it('is named ci-<id>', () => {
    expect(configurationItemStream('CI0001001')).toBe('ci-CI0001001');
    expect(configurationItemStream('x').startsWith(CI_STREAM_PREFIX)).toBe(true);
  });
});

describe('Rules that hold for every command', () => {
  describe('on a configuration item that was never registered', () => {
    it.each(cases(EVERY_LATER_COMMAND))('%s is refused as not found', (_type, cmd) => {
      given([]).when(cmd).thenThrows('ci.not_found', 'not_found');
    });
  });

  describe('on a retired configuration item (retired is terminal)', () => {
    it.each(cases(EVERY_LATER_COMMAND))('%s is refused because it is retired', (_type, cmd) => {
      const error = given(HISTORIES.retired).when(cmd).thenThrows('ci.retired', 'conflict');
      expect(error.details).toEqual({ status: 'retired' });
    });

    it('reports the retirement before anything wrong with the request itself', () => {
      given(HISTORIES.retired).when(command('RenameConfigurationItem', { name: '' })).thenThrows('ci.retired', 'conflict');
    });
  });
});

describe('Deciding is pure', () => {
  const histories = [[], ...Object.values(HISTORIES)] as readonly (readonly ConfigurationItemEvent[])[];
  const outcome = (cmd: ConfigurationItemCommand, history: readonly ConfigurationItemEvent[]) => {
    try {
      return { events: configurationItemDecider.decide(cmd, given(history).state) };
    } catch (error) {
      return { error: error instanceof DomainError ? [error.code, error.kind, error.details] : error };
    }
  };
  const everyPair = histories.flatMap((history) => [registerCi(), ...EVERY_LATER_COMMAND].map((cmd) => [cmd, history] as const));

  it('gives the same outcome for the same command and state, whatever was decided in between', () => {
    const first = everyPair.map(([cmd, history]) => outcome(cmd, history));
    const againInReverse = [...everyPair].reverse().map(([cmd, history]) => outcome(cmd, history));
    expect(againInReverse.reverse()).toEqual(first);
  });

  it('takes nothing from the command context: the actor and the time travel in the event metadata', () => {
    const later = {
      ...command('ChangeConfigurationItemOwnerGroup', { ownerGroup: 'dba' }),
      context: { actor: 'agent:bob', now: '2031-01-01T00:00:00.000Z' },
    };
    given(HISTORIES.in_use).when(later).then([event('ConfigurationItemOwnerGroupChanged', { ownerGroup: 'dba', previousOwnerGroup: 'infra-ops' })]);
  });

  it('only ever throws codes listed in CI_ERROR_CODES, with the kind listed there', () => {
    const thrown = everyPair.map(([cmd, history]) => outcome(cmd, history).error).filter((error) => error !== undefined);
    expect(thrown.filter((error) => !Array.isArray(error))).toEqual([]);
    for (const error of thrown) {
      const [code, kind] = error as [keyof typeof CI_ERROR_CODES, string];
      expect(CI_ERROR_CODES[code]?.kind).toBe(kind);
    }
  });

  it('names every code ci.* and gives it a kind and a rule', () => {
    for (const [code, { kind, rule }] of Object.entries(CI_ERROR_CODES)) {
      expect(code).toMatch(/^ci\.[a-z_]+$/);
      expect(['conflict', 'not_allowed', 'not_found']).toContain(kind);
      expect(rule.length).toBeGreaterThan(0);
    }
  });
});

describe('Evolving', () => {
  it('never throws for a recorded fact, even one that cannot apply to the state', () => {
    for (const history of [[], HISTORIES.retired]) {
      for (const type of CI_EVENT_TYPES.filter((t) => t !== 'ConfigurationItemRegistered')) {
        const stray = event(type, { status: 'in_use', set: {}, unset: [], type: 'runs_on', targetCiId: 'x' } as never);
        expect(() => configurationItemDecider.evolve(given(history).state, stray)).not.toThrow();
      }
    }
  });

  it('leaves an unregistered CI unregistered and a retired CI retired when a stray fact arrives', () => {
    const stray = event('ConfigurationItemStatusChanged', { status: 'in_use', previousStatus: 'maintenance', reason: 'x' });
    expect(configurationItemDecider.evolve(configurationItemDecider.initialState, stray)).toEqual({ status: 'none' });
    expect(configurationItemDecider.evolve(given(HISTORIES.retired).state, stray)).toMatchObject({ status: 'retired' });
  });

  it('does not double a relationship that is recorded twice', () => {
    const added = event('ConfigurationItemRelationshipAdded', { type: 'runs_on', targetCiId: 'CI0002' });
    expect(given([...HISTORIES.in_use, added, added]).state).toMatchObject({ relationships: [{ type: 'runs_on', targetCiId: 'CI0002' }] });
  });
});
