import { DEFAULT_PRIORITY_MATRIX, incidentDecider, incidentStream, type IncidentCommand } from '@itsm/domain';
import { MemoryEventStore, type EventStore } from '@itsm/event-store';
import type { CommandEnvelope } from './command-envelope';
import { WritePath } from './write-path';

const ID = 'c0ffee00-0000-4000-8000-000000000001';
const STREAM = incidentStream(ID);
const NOW = '2026-01-05T10:00:00.000Z';
const context = { actor: 'alice', now: NOW };
const open: IncidentCommand = {
  type: 'OpenIncident',
  incidentId: ID,
  context,
  data: { title: 'VPN down', description: 'No tunnel', caller: 'bob', category: 'network', impact: 1, urgency: 2, priorityMatrix: DEFAULT_PRIORITY_MATRIX },
};
const note: IncidentCommand = { type: 'AddWorkNote', incidentId: ID, context, data: { text: 'checked' } };
const envelope = (commandId: string, extra: Partial<CommandEnvelope> = {}): CommandEnvelope => ({ commandId, correlationId: commandId, actor: 'alice', occurredAt: NOW, ...extra });

/** A store that counts the reads of the incident's stream. */
function counting(store: EventStore) {
  const reads = { count: 0 };
  const spy: EventStore = Object.create(store);
  spy.readStream = (stream, options) => {
    if (stream === STREAM) reads.count += 1;
    return store.readStream(stream, options);
  };
  return { spy, reads };
}

const write = (writer: WritePath, command: IncidentCommand, env: CommandEnvelope) =>
  writer.execute({ decider: incidentDecider, stream: STREAM, schemaVersion: 1, envelope: env, request: command, command: () => command });

describe('a stream opened under an id made for the request', () => {
  let store: MemoryEventStore;
  beforeEach(() => {
    store = new MemoryEventStore();
  });

  it('is not read before its first append, which lands at revision 0', async () => {
    const { spy, reads } = counting(store);
    const outcome = await write(new WritePath(spy, { conflictRetries: 2 }), open, envelope('cmd-open', { newStream: STREAM }));
    expect(reads.count).toBe(0);
    expect(outcome).toMatchObject({ revision: 0, replayed: false, events: [{ type: 'IncidentOpened' }] });
    expect(await store.readStream(STREAM)).toHaveLength(1);
  });

  it('that exists after all is still guarded by the store: the append expecting no stream is refused, the stream read and the command decided on it', async () => {
    await write(new WritePath(store, { conflictRetries: 2 }), open, envelope('cmd-first'));
    const { spy, reads } = counting(store);
    await expect(write(new WritePath(spy, { conflictRetries: 2 }), open, envelope('cmd-again', { newStream: STREAM }))).rejects.toMatchObject({ code: 'incident.already_exists' });
    expect(reads.count).toBeGreaterThan(0);
    expect(await store.readStream(STREAM)).toHaveLength(1);
  });

  it('is read anyway with an Idempotency-Key, whose id a retry derives again: the retry is answered as a replay', async () => {
    const keyed = envelope('cmd-keyed', { repeatable: 'key', newStream: STREAM });
    const writer = new WritePath(store, { conflictRetries: 2 });
    const first = await write(writer, open, keyed);
    const retry = await write(new WritePath(store, { conflictRetries: 2 }), open, { ...keyed, occurredAt: '2026-01-05T10:00:09.000Z' });
    // What was recorded the first time, not what this retry would have recorded.
    expect(retry).toMatchObject({ replayed: true, revision: 0, events: [{ metadata: { occurredAt: NOW, hash: first.events[0]?.metadata.hash } }] });
    expect(await store.readStream(STREAM)).toHaveLength(1);
  });

  it('names one stream: a command on another is read as always', async () => {
    const writer = new WritePath(store, { conflictRetries: 2 });
    await write(writer, open, envelope('cmd-open'));
    const outcome = await write(new WritePath(store, { conflictRetries: 0 }), note, envelope('cmd-note', { newStream: incidentStream('c0ffee00-0000-4000-8000-000000000002') }));
    expect(outcome).toMatchObject({ revision: 1, events: [{ type: 'IncidentWorkNoteAdded' }] });
  });
});
