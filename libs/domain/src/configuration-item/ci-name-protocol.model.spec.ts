import { fold } from '../shared/decider';
import { CI_ID, OTHER_CI_ID, command, context, registerCi } from '../testing/configuration-item-fixtures';
import { configurationItemDecider } from './ci-decider';
import type { ConfigurationItemCommand } from './ci-commands';
import type { ConfigurationItemEvent } from './ci-events';
import { ciNameDecider, ciNameStream, type CiNameCommand, type CiNameEvent, type PendingCiEvent } from './ci-name-registry';
import { abandonReservation, ciNameSteps } from './ci-name-protocol';
import { decideCiNameRecovery } from './ci-name-recovery';
import { configurationItemStream } from './ci-events';

/**
 * A model check of the name protocol and its recovery: commands on two streams, interleaved at
 * every step in seeded random orders, some crashing for good between any two steps, and recovery
 * running at any moment. A toy log with the store's one guarantee (an append lands only at the
 * revision it names; the same ids at the same place again are a no-op) stands in for the store.
 */
type Stored = { readonly type: string; readonly data: unknown; readonly id: string; readonly commandId: string };

class ToyLog {
  private readonly streams = new Map<string, Stored[]>();

  read(stream: string): readonly Stored[] {
    return this.streams.get(stream) ?? [];
  }

  /** Appends at exactly `expected` (the last revision, -1 for none); a repeat of the same ids there is a success. */
  append(stream: string, events: readonly Stored[], expected: number): boolean {
    const stored = this.streams.get(stream) ?? [];
    if (stored.length - 1 === expected) {
      this.streams.set(stream, [...stored, ...events]);
      return true;
    }
    return events.every((event, index) => stored[expected + 1 + index]?.id === event.id);
  }

  names(): string[] {
    return [...this.streams.keys()].filter((stream) => stream.startsWith('ci-name-')).map((stream) => stream.slice('ci-name-'.length));
  }

  ciIds(): string[] {
    return [...this.streams.keys()].filter((stream) => !stream.startsWith('ci-name-')).map((stream) => stream.slice('ci-'.length));
  }
}

const seal = (events: readonly { type: string; data: unknown }[], commandId: string): Stored[] =>
  events.map((event, index) => ({ ...event, id: `${commandId}#${index}`, commandId }));
const pending = (stored: readonly Stored[]): PendingCiEvent[] => stored.map(({ type, data, id, commandId }) => ({ type, data, metadata: { eventId: id, commandId } }));
const unpend = (events: readonly PendingCiEvent[]): Stored[] =>
  events.map(({ type, data, metadata }) => ({ type, data, id: String(metadata.eventId), commandId: String(metadata.commandId) }));

type Step = Generator<void, boolean, void>;

/** Read the name stream, decide, append at the revision read; a conflict means read again. */
function* nameStep(log: ToyLog, step: CiNameCommand, commandId: string, retry = true): Step {
  for (;;) {
    const stream = ciNameStream(step.name);
    const history = log.read(stream);
    let decided: readonly CiNameEvent[];
    try {
      decided = ciNameDecider.decide(step, fold(ciNameDecider, history as unknown as CiNameEvent[]));
    } catch {
      return false;
    }
    yield;
    if (decided.length === 0 || log.append(stream, seal(decided, `${commandId}@${history.length}`), history.length - 1)) return true;
    if (!retry) return false;
  }
}

/** The command-api's protocol for one CI command (ci-name-protocol.ts). */
function* runCommand(log: ToyLog, request: ConfigurationItemCommand, commandId: string): Step {
  const stream = configurationItemStream(request.ciId);
  for (let attempt = 0; attempt < 4; attempt++) {
    const history = log.read(stream);
    const revision = history.length - 1;
    let decided: readonly ConfigurationItemEvent[];
    try {
      decided = configurationItemDecider.decide(request, fold(configurationItemDecider, history as unknown as ConfigurationItemEvent[]));
    } catch {
      return false;
    }
    const sealed = seal(decided, commandId);
    const intent = { commandId, commandType: request.type, ciRevision: revision, events: pending(sealed) };
    const steps = ciNameSteps(decided, intent, context);
    for (const [index, reserve] of steps.before.entries()) if (!(yield* nameStep(log, reserve, `${commandId}/reserve/${revision}/${index}`))) return false;
    yield;
    if (!log.append(stream, sealed, revision)) {
      for (const [index, reserve] of steps.before.entries()) yield* nameStep(log, abandonReservation(reserve), `${commandId}/abandon/${revision}/${index}`);
      continue;
    }
    yield;
    for (const [index, release] of steps.after.entries()) yield* nameStep(log, release, `${commandId}/release/${index}`);
    return true;
  }
  return false;
}

/** The projector's recovery of one name (ci-name-recovery.ts). */
function* recover(log: ToyLog, normalisedName: string, round: number): Step {
  const nameHistory = log.read(ciNameStream(normalisedName));
  const name = fold(ciNameDecider, nameHistory as unknown as CiNameEvent[]);
  if (name.status === 'free') return true;
  const ciHistory = log.read(configurationItemStream(name.ciId));
  const intentLanded = name.intent !== undefined && ciHistory[name.intent.ciRevision + 1]?.commandId === name.intent.commandId;
  const facts = { name, ci: fold(configurationItemDecider, ciHistory as unknown as ConfigurationItemEvent[]), ciRevision: ciHistory.length - 1, intentLanded };
  const action = decideCiNameRecovery(facts, context);
  yield;
  if (action.kind === 'complete') {
    const { intent } = action;
    if (!log.append(configurationItemStream(name.ciId), unpend(intent.events), intent.ciRevision)) return false;
    const steps = ciNameSteps(intent.events as unknown as ConfigurationItemEvent[], intent, context);
    for (const [index, release] of steps.after.entries()) yield* nameStep(log, release, `${intent.commandId}/release/${index}`);
  }
  if (action.kind === 'release') {
    const decided = ciNameDecider.decide(action.command, name);
    const recoveryId = `recovery/${normalisedName}/${nameHistory.length - 1}/${round}`;
    if (decided.length > 0) log.append(ciNameStream(normalisedName), seal(decided, recoveryId), nameHistory.length - 1);
  }
  return true;
}

/** Every live CI's name is held by that CI: so no two live CIs can share one. */
function expectEveryCarriedNameHeld(log: ToyLog): void {
  for (const ciId of log.ciIds()) {
    const ci = fold(configurationItemDecider, log.read(configurationItemStream(ciId)) as unknown as ConfigurationItemEvent[]);
    if (ci.status === 'none' || ci.status === 'retired') continue;
    const holder = fold(ciNameDecider, log.read(ciNameStream(ci.normalisedName)) as unknown as CiNameEvent[]);
    expect({ ciId, name: ci.normalisedName, holder }).toMatchObject({ holder: { status: 'reserved', ciId } });
  }
}

/** After recovery, every held name is carried by its holder: none leaks. */
function expectNoNameHeldInVain(log: ToyLog): void {
  for (const normalisedName of log.names()) {
    const name = fold(ciNameDecider, log.read(ciNameStream(normalisedName)) as unknown as CiNameEvent[]);
    if (name.status === 'free') continue;
    const ci = fold(configurationItemDecider, log.read(configurationItemStream(name.ciId)) as unknown as ConfigurationItemEvent[]);
    expect({ normalisedName, ci: ci.status === 'none' || ci.status === 'retired' ? ci.status : ci.normalisedName }).toEqual({ normalisedName, ci: normalisedName });
  }
}

/** Mulberry32: a tiny seeded generator, so a failing order can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const THIRD_CI = 'c0ffee00-0000-4000-8000-0000000000c3';
const as = (ciId: string, request: ConfigurationItemCommand): ConfigurationItemCommand => ({ ...request, ciId });
const rename = (ciId: string, name: string) => as(ciId, command('RenameConfigurationItem', { name }));
const retire = (ciId: string) => as(ciId, command('RetireConfigurationItem', { reason: 'Gone' }));
const register = (ciId: string, name: string) => as(ciId, registerCi({ name }));

const SCENARIO: readonly ConfigurationItemCommand[] = [
  register(CI_ID, 'Web 01'),
  register(OTHER_CI_ID, 'web 01'),
  register(THIRD_CI, 'Db 01'),
  rename(CI_ID, 'Shop 01'),
  rename(CI_ID, 'Web 01'),
  rename(CI_ID, 'Shop 01'),
  rename(CI_ID, 'Web 01'),
  rename(OTHER_CI_ID, 'Shop 01'),
  rename(THIRD_CI, 'WEB 01'),
  retire(CI_ID),
  retire(THIRD_CI),
  register(OTHER_CI_ID, 'Db 01'),
];

function play(seed: number): ToyLog {
  const next = random(seed);
  const log = new ToyLog();
  const running: Step[] = SCENARIO.map((request, index) => runCommand(log, request, `cmd-${index}`));
  let round = 0;
  while (running.length > 0) {
    if (next() < 0.15) {
      const names = log.names();
      if (names.length > 0) running.push(recover(log, names[Math.floor(next() * names.length)] as string, round++));
    }
    const index = Math.floor(next() * running.length);
    const crashes = next() < 0.04;
    if (crashes || (running[index] as Step).next().done) running.splice(index, 1);
    expectEveryCarriedNameHeld(log);
  }
  for (let sweep = 0; sweep < 3; sweep++) for (const name of log.names()) finish(recover(log, name, round++));
  return log;
}

/** Runs `step` to its end. */
function finish(step: Step): void {
  while (!step.next().done);
}

/** Runs `step` `times` scheduling points ahead. */
function advance(step: Step, times: number): Step {
  for (let i = 0; i < times; i++) step.next();
  return step;
}

describe('The name protocol in the orders that once broke it', () => {
  it('a rename\'s late release of the old name does not free it once the CI has taken it back', () => {
    const log = new ToyLog();
    finish(runCommand(log, register(CI_ID, 'Web 01'), 'register'));
    // Reserved "shop 01", appended the rename, not yet released "web 01":
    const away = advance(runCommand(log, rename(CI_ID, 'Shop 01'), 'away'), 3);
    finish(runCommand(log, rename(CI_ID, 'Web 01'), 'back'));
    finish(away);
    expectEveryCarriedNameHeld(log);
  });

  it('recovery finishes a registration whose command-api died after reserving, and the name is the CI\'s', () => {
    const log = new ToyLog();
    advance(runCommand(log, register(CI_ID, 'Web 01'), 'register'), 2);
    finish(recover(log, 'web 01', 0));
    expect(fold(configurationItemDecider, log.read(configurationItemStream(CI_ID)) as unknown as ConfigurationItemEvent[])).toMatchObject({ status: 'in_use' });
    expectEveryCarriedNameHeld(log);
    expectNoNameHeldInVain(log);
  });
});

describe('The name protocol under interleavings, crashes and recovery', () => {
  it.each(Array.from({ length: 300 }, (_, seed) => seed))('keeps names unique at every step and leaks none after recovery (seed %i)', (seed) => {
    const log = play(seed);
    expectEveryCarriedNameHeld(log);
    expectNoNameHeldInVain(log);
  });

  it('has runs where commands crashed half done, so recovery had work to do', () => {
    const recovered = Array.from({ length: 300 }, (_, seed) => play(seed)).filter((log) =>
      log.names().some((name) => log.read(ciNameStream(name)).some((event) => event.commandId.startsWith('recovery/'))),
    );
    expect(recovered.length).toBeGreaterThan(10);
  });
});

