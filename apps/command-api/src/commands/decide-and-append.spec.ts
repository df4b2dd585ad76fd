import { DEFAULT_PRIORITY_MATRIX, incidentDecider, incidentStream, type IncidentCommand } from '@itsm/domain';
import { ConcurrencyError, MemoryEventStore, verifyChain, type EventStore } from '@itsm/event-store';
import { ProblemException } from '@itsm/platform';
import { decideAndAppend, type CommandEnvelope } from './decide-and-append';

const ID = 'c0ffee00-0000-4000-8000-000000000001';
const STREAM = incidentStream(ID);
const NOW = '2026-01-05T10:00:00.000Z';
const options = { conflictRetries: 2, schemaVersion: 1 };

const envelope = (commandId: string, extra: Partial<CommandEnvelope> = {}): CommandEnvelope => ({
  commandId, correlationId: commandId, actor: 'alice', occurredAt: NOW, ...extra,
});
const open: IncidentCommand = {
  type: 'OpenIncident',
  incidentId: ID,
  context: { actor: 'alice', now: NOW },
  data: { title: 'VPN down', description: 'No tunnel', caller: 'bob', category: 'network', impact: 1, urgency: 2, priorityMatrix: DEFAULT_PRIORITY_MATRIX },
};
const note = (text: string): IncidentCommand => ({ type: 'AddWorkNote', incidentId: ID, context: { actor: 'alice', now: NOW }, data: { text } });

const run = (store: EventStore, command: IncidentCommand, env: CommandEnvelope) =>
  decideAndAppend(store, incidentDecider, STREAM, command, env, options);

describe('decideAndAppend: the write path of every aggregate', () => {
  let store: MemoryEventStore;
  beforeEach(async () => {
    store = new MemoryEventStore();
    await run(store, open, envelope('cmd-open'));
  });

  it('records the decided events with the actor, time, command id and a continuing hash chain', async () => {
    const outcome = await run(store, note('checked the tunnel'), envelope('cmd-note', { correlationId: 'corr-1' }));
    expect(outcome).toMatchObject({ revision: 1, replayed: false });
    const events = await store.readStream(STREAM);
    expect(events[1]?.metadata).toMatchObject({ actor: 'alice', occurredAt: NOW, commandId: 'cmd-note', commandType: 'AddWorkNote', correlationId: 'corr-1', causationId: 'cmd-note' });
    expect(events[1]?.metadata.prevHash).toBe(events[0]?.metadata.hash);
    expect(verifyChain(events)).toBeNull();
  });

  it('appends nothing for a retried command and answers as the first time', async () => {
    const first = await run(store, note('once'), envelope('cmd-retry'));
    const again = await run(store, note('once'), envelope('cmd-retry'));
    expect(again).toEqual({ ...first, replayed: true });
    expect(await store.readStream(STREAM)).toHaveLength(2);
  });

  it('refuses a command id reused for another kind of command', async () => {
    await run(store, note('once'), envelope('cmd-reused'));
    const other: IncidentCommand = { type: 'ResolveIncident', incidentId: ID, context: { actor: 'alice', now: NOW }, data: { resolutionCode: 'solved_permanently', resolutionNotes: 'ok' } };
    await expect(run(store, other, envelope('cmd-reused'))).rejects.toMatchObject({ status: 422, code: 'idempotency.key_reused' });
    await expect(run(store, other, envelope('cmd-reused'))).rejects.toBeInstanceOf(ProblemException);
  });

  it('with If-Match, fails on a stale revision and appends nothing', async () => {
    await expect(run(store, note('late'), envelope('cmd-stale', { expectedRevision: 5 }))).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream(STREAM)).toHaveLength(1);
  });

  it('without If-Match, decides again on fresh history after another writer slipped in', async () => {
    const racing = withCompetingWriterOnFirstAppend(store, () => run(store, note('from another process'), envelope('cmd-rival')));
    const outcome = await run(racing, note('mine'), envelope('cmd-mine'));
    const events = await store.readStream(STREAM);
    expect(events.map((e) => (e.data as { text?: string }).text)).toEqual([undefined, 'from another process', 'mine']);
    expect(outcome.revision).toBe(2);
    expect(verifyChain(events)).toBeNull();
  });

  it('gives up after the configured number of conflicts', async () => {
    let n = 0;
    const alwaysRaced: EventStore = Object.create(store);
    alwaysRaced.append = async (...args) => {
      await run(store, note(`rival ${n++}`), envelope(`cmd-rival-${n}`));
      return store.append(...args);
    };
    await expect(run(alwaysRaced, note('never lands'), envelope('cmd-unlucky'))).rejects.toBeInstanceOf(ConcurrencyError);
    expect(n).toBe(options.conflictRetries + 1);
  });

  it('appends nothing when the decider rejects the command', async () => {
    await expect(run(store, open, envelope('cmd-open-again'))).rejects.toMatchObject({ code: 'incident.already_exists' });
    expect(await store.readStream(STREAM)).toHaveLength(1);
  });
});

/** A store whose first append is preceded by a rival's append: the classic lost-update race. */
function withCompetingWriterOnFirstAppend(store: EventStore, rival: () => Promise<unknown>): EventStore {
  let raced = false;
  const racing: EventStore = Object.create(store);
  racing.append = async (...args) => {
    if (!raced) {
      raced = true;
      await rival();
    }
    return store.append(...args);
  };
  return racing;
}
