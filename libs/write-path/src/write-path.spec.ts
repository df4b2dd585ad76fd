import { DEFAULT_PRIORITY_MATRIX, incidentDecider, incidentStream, type IncidentCommand, type IncidentState } from '@itsm/domain';
import { ConcurrencyError, MemoryEventStore, verifyChain, type EventStore, type PersonalDataSealing } from '@itsm/event-store';
import type { CommandEnvelope } from './command-envelope';
import { idempotencyStream, IdempotencyKeyReusedError } from './idempotency-registry';
import { PreconditionFailedError } from './precondition-failed';
import { StreamStateCache } from './stream-state-cache';
import { WritePath } from './write-path';

const ID = 'c0ffee00-0000-4000-8000-000000000001';
const OTHER_ID = 'c0ffee00-0000-4000-8000-000000000002';
const STREAM = incidentStream(ID);
const NOW = '2026-01-05T10:00:00.000Z';

const envelope = (commandId: string, extra: Partial<CommandEnvelope> = {}): CommandEnvelope => ({
  commandId, correlationId: commandId, actor: 'alice', occurredAt: NOW, ...extra,
});
const keyed = (commandId: string): CommandEnvelope => envelope(commandId, { repeatable: 'key' });
const context = { actor: 'alice', now: NOW };
const open = (incidentId = ID, title = 'VPN down'): IncidentCommand => ({
  type: 'OpenIncident',
  incidentId,
  context,
  data: { title, description: 'No tunnel', caller: 'bob', category: 'network', impact: 1, urgency: 2, priorityMatrix: DEFAULT_PRIORITY_MATRIX },
});
const note = (text: string, incidentId = ID): IncidentCommand => ({ type: 'AddWorkNote', incidentId, context, data: { text } });

const write = (writer: WritePath, command: IncidentCommand, env: CommandEnvelope, make?: (state: IncidentState) => IncidentCommand) =>
  writer.execute({
    decider: incidentDecider,
    stream: incidentStream(command.incidentId),
    schemaVersion: 1,
    envelope: env,
    request: command,
    command: make ?? (() => command),
  });

/** A sealing that seals nothing and records, per command it was made for, what was asked of it; used outside a command, it throws. */
function recordingSealing() {
  const commands: string[][] = [];
  const sealing = (calls?: string[]): PersonalDataSealing => ({
    fingerprint: async (_stream, request) => (calls === undefined ? Promise.reject(new Error('fingerprinted outside a command')) : (calls.push('fingerprint'), request)),
    seal: async (_stream, events) => (calls === undefined ? Promise.reject(new Error('sealed outside a command')) : (calls.push('seal'), [...events])),
    forOneCommand: () => {
      const mine: string[] = [];
      commands.push(mine);
      return sealing(mine);
    },
  });
  return { sealing: sealing(), commands };
}

/** Counts what is read from each stream, to see the work a command does. */
function counting(store: EventStore) {
  const read = { calls: 0, events: 0 };
  const spy: EventStore = Object.create(store);
  spy.readStream = async (stream, options) => {
    const events = await store.readStream(stream, options);
    if (stream === STREAM) {
      read.calls += 1;
      read.events += events.length;
    }
    return events;
  };
  return { spy, read };
}

describe('The write path', () => {
  let store: MemoryEventStore;
  let writer: WritePath;

  beforeEach(async () => {
    store = new MemoryEventStore();
    writer = new WritePath(store, { conflictRetries: 2 });
    await write(writer, open(), envelope('cmd-open'));
  });

  it('records the decided events with the actor, time, command id and a continuing hash chain, and answers with them', async () => {
    const outcome = await write(writer, note('checked the tunnel'), envelope('cmd-note', { correlationId: 'corr-1' }));
    expect(outcome).toMatchObject({ revision: 1, replayed: false });
    const events = await store.readStream(STREAM);
    expect(events[1]?.metadata).toMatchObject({ actor: 'alice', occurredAt: NOW, commandId: 'cmd-note', commandType: 'AddWorkNote', correlationId: 'corr-1', causationId: 'cmd-note' });
    expect(events[1]?.metadata.prevHash).toBe(events[0]?.metadata.hash);
    expect(verifyChain(events)).toBeNull();
    expect(outcome.events).toEqual([{ type: events[1]?.type, data: events[1]?.data, metadata: events[1]?.metadata, revision: 1 }]);
  });

  it('with an expected revision, fails on another revision with a conflict and appends nothing', async () => {
    await expect(write(writer, note('late'), envelope('cmd-stale', { expectedRevision: 5 }))).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream(STREAM)).toHaveLength(1);
  });

  describe('If-Match', () => {
    it('fails its precondition on a stale revision and appends nothing', async () => {
      const attempt = write(writer, note('late'), envelope('cmd-stale', { ifMatch: [5, 7] }));
      await expect(attempt).rejects.toBeInstanceOf(PreconditionFailedError);
      await expect(attempt).rejects.toMatchObject({ code: 'precondition.failed', actual: 0 });
      expect(await store.readStream(STREAM)).toHaveLength(1);
    });

    it('holds when the stream is at any of the revisions named', async () => {
      await expect(write(writer, note('on time'), envelope('cmd-fresh', { ifMatch: [3, 0] }))).resolves.toMatchObject({ revision: 1 });
    });

    it('fails its precondition when a rival appends between the load and the append, rather than deciding again', async () => {
      const racing = withRivalBeforeFirstAppend(store, () => write(new WritePath(store, { conflictRetries: 0 }), note('rival'), envelope('cmd-rival')));
      await expect(write(new WritePath(racing, { conflictRetries: 2 }), note('mine'), envelope('cmd-mine', { ifMatch: [0] }))).rejects.toMatchObject({ code: 'precondition.failed', actual: 1 });
    });

    it('"*" asks only that the ticket exists, and is decided again after a conflict', async () => {
      await expect(write(writer, note('x', OTHER_ID), envelope('cmd-star', { ifMatch: '*' }))).rejects.toBeInstanceOf(PreconditionFailedError);
      const racing = withRivalBeforeFirstAppend(store, () => write(new WritePath(store, { conflictRetries: 0 }), note('rival'), envelope('cmd-rival')));
      await expect(write(new WritePath(racing, { conflictRetries: 2 }), note('mine'), envelope('cmd-star-2', { ifMatch: '*' }))).resolves.toMatchObject({ revision: 2 });
    });
  });

  it('appends nothing when the decider rejects the command', async () => {
    await expect(write(writer, open(), envelope('cmd-open-again'))).rejects.toMatchObject({ code: 'incident.already_exists' });
    expect(await store.readStream(STREAM)).toHaveLength(1);
  });

  describe('on a conflict (another process appended between the load and the append)', () => {
    it('without If-Match, makes the command again on the fresh state and decides again', async () => {
      const racing = withRivalBeforeFirstAppend(store, () => write(new WritePath(store, { conflictRetries: 0 }), note('from another process'), envelope('cmd-rival')));
      const seen: number[] = [];
      const outcome = await write(new WritePath(racing, { conflictRetries: 2 }), note('mine'), envelope('cmd-mine'), () => {
        seen.push(seen.length);
        return note('mine');
      });
      const events = await store.readStream(STREAM);
      expect(events.map((e) => (e.data as { text?: string }).text)).toEqual([undefined, 'from another process', 'mine']);
      expect(outcome.revision).toBe(2);
      expect(seen).toEqual([0, 1]);
      expect(verifyChain(events)).toBeNull();
    });

    it('passes the lookups the state as it is after the rival, not as it was', async () => {
      const racing = withRivalBeforeFirstAppend(store, () => write(new WritePath(store, { conflictRetries: 0 }), { ...note('x'), type: 'ResolveIncident', data: { resolutionCode: 'solved_permanently', resolutionNotes: 'done' } } as IncidentCommand, envelope('cmd-resolve')));
      const statuses: string[] = [];
      await write(new WritePath(racing, { conflictRetries: 2 }), note('mine'), envelope('cmd-mine'), (state) => {
        statuses.push(state.status);
        return note('mine');
      });
      expect(statuses).toEqual(['new', 'resolved']);
    });

    it('seals personal data for the command once per command: its fingerprint and every attempt share the keys it read', async () => {
      const sealing = recordingSealing();
      const racing = withRivalBeforeFirstAppend(store, () => write(new WritePath(store, { conflictRetries: 0 }), note('from another process'), envelope('cmd-rival')));
      const writer = new WritePath(racing, { conflictRetries: 2, personalData: sealing.sealing });
      await write(writer, note('mine'), envelope('cmd-mine'));
      await write(writer, note('next'), envelope('cmd-next'));
      expect(sealing.commands).toEqual([['fingerprint', 'seal', 'seal'], ['fingerprint', 'seal']]);
    });

    it('gives up after the configured number of conflicts', async () => {
      let n = 0;
      const alwaysRaced: EventStore = Object.create(store);
      alwaysRaced.append = async (...args) => {
        await write(new WritePath(store, { conflictRetries: 0 }), note(`rival ${n++}`), envelope(`cmd-rival-${n}`));
        return store.append(...args);
      };
      await expect(write(new WritePath(alwaysRaced, { conflictRetries: 2 }), note('never lands'), envelope('cmd-unlucky'))).rejects.toBeInstanceOf(ConcurrencyError);
      expect(n).toBe(3);
    });
  });

  describe('bounded work on a long stream', () => {
    it('reads and folds only what was recorded since its last command on the stream', async () => {
      const { spy, read } = counting(store);
      const busy = new WritePath(spy, { conflictRetries: 0 });
      for (let i = 0; i < 300; i++) await write(busy, note(`note ${i}`), envelope(`cmd-${i}`));
      expect(read.events).toBeLessThan(300 + 2);
      expect(read.calls).toBe(300);
    });

    it('sees what another process appended, folding just that', async () => {
      const { spy, read } = counting(store);
      const mine = new WritePath(spy, { conflictRetries: 0 });
      await write(mine, note('first'), envelope('cmd-1'));
      const before = read.events;
      await write(new WritePath(store, { conflictRetries: 0 }), { ...note('x'), type: 'ResolveIncident', data: { resolutionCode: 'solved_permanently', resolutionNotes: 'done' } } as IncidentCommand, envelope('cmd-elsewhere'));
      await expect(write(mine, note('after the resolution'), envelope('cmd-2'))).resolves.toMatchObject({ revision: 3 });
      expect(read.events - before).toBe(1);
      await expect(write(mine, { ...note('x'), type: 'ResolveIncident', data: { resolutionCode: 'solved_permanently', resolutionNotes: 'again' } } as IncidentCommand, envelope('cmd-3'))).rejects.toMatchObject({ code: 'incident.already_resolved' });
    });

    it('folds from the start again when the stream was forgotten', async () => {
      const cache = new StreamStateCache(1);
      const { spy, read } = counting(store);
      const forgetful = new WritePath(spy, { conflictRetries: 0, cache });
      await write(forgetful, note('a'), envelope('cmd-a'));
      await write(forgetful, open(OTHER_ID), envelope('cmd-other'));
      const before = read.events;
      await write(forgetful, note('b'), envelope('cmd-b'));
      expect(read.events - before).toBe(2);
    });
  });
});

describe('Idempotency-Key', () => {
  let store: MemoryEventStore;
  let writer: WritePath;

  beforeEach(async () => {
    store = new MemoryEventStore();
    writer = new WritePath(store, { conflictRetries: 2 });
    await write(writer, open(), envelope('cmd-open'));
    await write(writer, open(OTHER_ID), envelope('cmd-open-other'));
  });

  it('a retried request appends nothing and answers as the first time, with what was recorded', async () => {
    const first = await write(writer, note('once'), keyed('key-1'));
    await write(writer, note('later'), envelope('cmd-later'));
    const again = await write(writer, note('once'), keyed('key-1'));
    expect(again).toEqual({ ...first, replayed: true, events: [expect.objectContaining({ ...first.events[0] })] });
    expect(await store.readStream(STREAM)).toHaveLength(3);
  });

  it('is remembered by another instance with a cold cache', async () => {
    await write(writer, note('once'), keyed('key-1'));
    const other = new WritePath(store, { conflictRetries: 2 });
    await expect(write(other, note('once'), keyed('key-1'))).resolves.toMatchObject({ replayed: true, revision: 1 });
    expect(await store.readStream(STREAM)).toHaveLength(2);
  });

  it.each([
    ['another body', note('twice')],
    ['another action on the same incident', { ...note('once'), type: 'AddComment' } as IncidentCommand],
    ['another incident', note('once', OTHER_ID)],
    ['opening another incident under the id the key gave', open(ID, 'Printer jam')],
  ])('reused for %s is refused, naming the header, and nothing is appended', async (_, reuse) => {
    await write(writer, note('once'), keyed('key-1'));
    const head = await store.headPosition();
    const attempt = write(writer, reuse, keyed('key-1'));
    await expect(attempt).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    await expect(attempt).rejects.toMatchObject({ code: 'idempotency.key_reused', field: 'Idempotency-Key' });
    expect(await store.headPosition()).toBe(head);
  });

  it('of two instances racing with the same request, one records it and the other answers as a replay', async () => {
    const instances = [new WritePath(store, { conflictRetries: 2 }), new WritePath(store, { conflictRetries: 2 })];
    const outcomes = await Promise.all(instances.map((instance) => write(instance, note('once'), keyed('key-race'))));
    expect(outcomes.map((outcome) => outcome.replayed).sort()).toEqual([false, true]);
    expect(outcomes[0]?.revision).toBe(outcomes[1]?.revision);
    expect((await store.readStream(STREAM)).filter((event) => event.metadata.commandId === 'key-race')).toHaveLength(1);
  });

  it('of two instances racing with different requests, one is recorded and the other refused', async () => {
    const instances = [new WritePath(store, { conflictRetries: 2 }), new WritePath(store, { conflictRetries: 2 })];
    const outcomes = await Promise.allSettled([write(instances[0]!, note('one'), keyed('key-race')), write(instances[1]!, note('two'), keyed('key-race'))]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await store.readStream(STREAM)).filter((event) => event.metadata.commandId === 'key-race')).toHaveLength(1);
  });

  it('is not bound by a request the domain refused, which recorded nothing', async () => {
    await expect(write(writer, open(), keyed('key-2'))).rejects.toMatchObject({ code: 'incident.already_exists' });
    expect(await store.readStream(idempotencyStream('key-2'))).toEqual([]);
    await expect(write(writer, note('corrected'), keyed('key-2'))).resolves.toMatchObject({ replayed: false });
  });

  it('is given back when the request is refused after claiming it (a rival got there first, then a rule broke), for a corrected request', async () => {
    const hold = (reason: 'awaiting_caller' | 'awaiting_vendor'): IncidentCommand => ({ type: 'PutIncidentOnHold', incidentId: ID, context, data: { reason, note: null } });
    const racing = withRivalBeforeFirstAppend(store, () => write(new WritePath(store, { conflictRetries: 0 }), hold('awaiting_vendor'), envelope('cmd-rival')));
    await expect(write(new WritePath(racing, { conflictRetries: 2 }), hold('awaiting_caller'), keyed('key-4'))).rejects.toMatchObject({ code: 'incident.already_on_hold' });
    expect((await store.readStream(idempotencyStream('key-4'))).map((event) => event.type)).toEqual(['IdempotencyKeyClaimed', 'IdempotencyClaimReleased']);
    await expect(write(writer, note('corrected'), keyed('key-4'))).resolves.toMatchObject({ replayed: false, revision: 2 });
    await expect(write(writer, note('other'), keyed('key-4'))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('stays bound when the append failed without saying whether it landed', async () => {
    const unsure: EventStore = Object.create(store);
    unsure.append = async (stream, ...rest) => (stream === STREAM ? Promise.reject(new Error('connection lost')) : store.append(stream, ...rest));
    await expect(write(new WritePath(unsure, { conflictRetries: 0 }), note('once'), keyed('key-5'))).rejects.toThrow('connection lost');
    await expect(write(writer, note('something else'), keyed('key-5'))).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('completes a request whose key was claimed but whose events never landed (a crash in between)', async () => {
    const crashing: EventStore = Object.create(store);
    crashing.append = async (stream, ...rest) => (stream === STREAM ? Promise.reject(new Error('killed')) : store.append(stream, ...rest));
    await expect(write(new WritePath(crashing, { conflictRetries: 0 }), note('once'), keyed('key-3'))).rejects.toThrow('killed');
    await expect(write(writer, note('once'), keyed('key-3'))).resolves.toMatchObject({ replayed: true, revision: 1 });
    expect((await store.readStream(STREAM)).filter((event) => event.metadata.commandId === 'key-3')).toHaveLength(1);
  });
});

/** A store whose first append is preceded by a rival's append: the classic lost-update race. */
function withRivalBeforeFirstAppend(store: EventStore, rival: () => Promise<unknown>): EventStore {
  let raced = false;
  const racing: EventStore = Object.create(store);
  racing.append = async (...args) => {
    if (!raced && args[0] === STREAM) {
      raced = true;
      await rival();
    }
    return store.append(...args);
  };
  return racing;
}
