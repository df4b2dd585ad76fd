import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMAIN_EVENT_SCHEMAS, INCIDENT_EVENT_SCHEMA_VERSION, incidentDecider, incidentStream, type IncidentCommand } from '@itsm/domain';
import { EsdbEventStore, EventSchemaTooNewError, lastHashOf, sealEvents, SqliteEventStore, verifyChain, type EventStore, type Json } from '@itsm/event-store';
import { getIncident, incidentDetailProjection, ProjectionRunner, projectionKey, recordAsOf, RecordFolds, recordHistory, RECORD_KINDS, waitForPosition } from '@itsm/projections';
import { MemoryReadStore } from '@itsm/read-store';
import { startEsdbDouble } from '../../../test/support/esdb-double';
import { WritePath } from './write-path';

jest.setTimeout(30_000);

/*
 * Facts written by an older version of the code, put straight into the log (no decider, as that
 * version's write path left them), then read by this version's decider, projection, history and
 * past states, on both event stores (ADR 21).
 */

const ID = '5c4e0000-0000-4000-8000-000000000001';
const STREAM = incidentStream(ID);
const NOW = '2026-11-02T09:00:00.000Z';

/** An incident opened and assigned to ann under schema version 4, when naming an assignee started the work. */
const WRITTEN_AT_4: readonly { type: string; data: Json }[] = [
  {
    type: 'IncidentOpened',
    data: {
      incidentId: ID, title: 'VPN down', description: 'No tunnel', caller: 'bob', category: 'network', impact: 2, urgency: 2, priority: 3,
      priorityMatrixVersion: 'itil-default-2024.1', configurationItemId: null, assignmentGroup: 'network', subcategory: null, symptom: null, contactType: null, location: null,
    },
  },
  { type: 'IncidentAssigned', data: { incidentId: ID, assignmentGroup: 'network', assignee: 'user:ann' } },
];

async function writeAsAnOlderVersion(store: EventStore, event: { type: string; data: Json }, schemaVersion: number, occurredAt: string): Promise<void> {
  const existing = await store.readStream(STREAM, { asStored: true });
  const commandId = `older-${existing.length}`;
  const context = { actor: 'user:ann', occurredAt, commandId, commandType: 'Older', correlationId: commandId, causationId: commandId };
  await store.append(STREAM, sealEvents({ stream: STREAM, events: [event], previousHash: lastHashOf(existing), schemaVersion, context }), existing.length === 0 ? 'no_stream' : existing.length - 1);
}

function execute(store: EventStore, command: IncidentCommand) {
  return new WritePath(store, { conflictRetries: 1 }).execute({
    decider: incidentDecider,
    stream: STREAM,
    schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION,
    envelope: { commandId: `now-${command.type}`, correlationId: 'c', actor: 'user:cy', occurredAt: NOW },
    request: command,
    command: () => command,
  });
}

const context = { actor: 'user:cy', now: NOW };

interface OpenedStore {
  readonly store: EventStore;
  close(): Promise<void>;
}

const stores: readonly [string, () => Promise<OpenedStore>][] = [
  [
    'the embedded SQLite store',
    async () => {
      const directory = mkdtempSync(join(tmpdir(), 'old-events-'));
      const store = SqliteEventStore.open({ filename: join(directory, 'events.sqlite'), pollIntervalMs: 5, schemas: DOMAIN_EVENT_SCHEMAS });
      return { store, close: async () => { await store.close(); rmSync(directory, { recursive: true, force: true }); } };
    },
  ],
  [
    'EventStoreDB (the double, with the real client)',
    async () => {
      const double = await startEsdbDouble({ batchAppend: true, version: '24.10' });
      const store = EsdbEventStore.connect({ connectionString: double.connectionString, idleCheckpointMs: 20, schemas: DOMAIN_EVENT_SCHEMAS });
      return { store, close: async () => { await store.close(); await double.stop(); } };
    },
  ],
];

describe.each(stores)('An incident assigned under schema version 4, read on %s', (_, open) => {
  let opened: OpenedStore;
  const store = (): EventStore => opened.store;

  beforeEach(async () => {
    opened = await open();
    await writeAsAnOlderVersion(store(), WRITTEN_AT_4[0]!, 4, '2026-11-02T08:00:00.000Z');
    await writeAsAnOlderVersion(store(), WRITTEN_AT_4[1]!, 4, '2026-11-02T08:05:00.000Z');
  });
  afterEach(async () => opened.close());

  it('is folded by the decider as the assignment that started the work: starting it again is refused', async () => {
    await expect(execute(store(), { type: 'StartIncidentWork', incidentId: ID, context, data: {} })).rejects.toMatchObject({ code: 'incident.work_already_started' });
  });

  it('is followed by facts written at the current version, in the current shape; the log keeps the old one as written, and its chain holds', async () => {
    const outcome = await execute(store(), { type: 'ReassignIncident', incidentId: ID, context, data: { assignmentGroup: 'firewall', reason: 'the tunnel is theirs' } });
    expect(outcome.events[0]).toMatchObject({ metadata: { schemaVersion: 9 }, data: { startedWork: false } });
    const asStored = await store().readStream(STREAM, { asStored: true });
    expect(asStored[1]).toMatchObject({ metadata: { schemaVersion: 4 }, data: WRITTEN_AT_4[1]!.data });
    expect(asStored[1]?.data).not.toHaveProperty('startedWork');
    expect(verifyChain(await store().readStream(STREAM))).toBeNull();
  });

  it('is shown by the incident detail projection, fed by its runner, as in progress', async () => {
    const reads = new MemoryReadStore();
    const runner = new ProjectionRunner(store(), reads, incidentDetailProjection, { maxBatchSize: 5 });
    runner.start();
    try {
      const head = (await store().headPosition()) as string;
      expect(await waitForPosition(reads, [projectionKey(incidentDetailProjection)], head, { timeoutMs: 5000, pollMs: 5 })).toBe(true);
    } finally {
      await runner.stop();
    }
    expect(await getIncident(reads, ID)).toMatchObject({ status: 'in_progress', assignee: 'user:ann' });
  });

  it('is listed in the history in the current shape, with what it changed', async () => {
    const page = await recordHistory(store(), new RecordFolds(store()), RECORD_KINDS.incident, ID, { limit: 10 });
    expect(page?.items[1]).toMatchObject({ type: 'IncidentAssigned', data: { assignee: 'user:ann', startedWork: true } });
    expect(page?.items[1]?.data).not.toHaveProperty('startsWork');
    expect(page?.items[1]?.changes).toContainEqual({ field: 'status', from: 'new', to: 'in_progress' });
  });

  it('says in the history which version a fact was written at, and shows it as written beside the current shape', async () => {
    const page = await recordHistory(store(), new RecordFolds(store()), RECORD_KINDS.incident, ID, { limit: 10 });
    const assigned = page?.items[1];
    expect(assigned).toMatchObject({ schemaVersion: 4, upcast: { to: INCIDENT_EVENT_SCHEMA_VERSION } });
    expect(assigned?.upcast?.storedData).toEqual({ incidentId: ID, assignmentGroup: expect.any(String), assignee: 'user:ann' });
  });

  it('is folded into the past states (atRevision, asOf) as in progress', async () => {
    const folds = new RecordFolds(store());
    const reads = new MemoryReadStore();
    const atRevision = await recordAsOf(store(), reads, folds, RECORD_KINDS.incident, ID, { atRevision: 1 });
    const asOf = await recordAsOf(store(), reads, new RecordFolds(store()), RECORD_KINDS.incident, ID, { asOf: Date.parse('2026-11-02T08:06:00.000Z') });
    for (const answer of [atRevision, asOf]) expect(answer).toMatchObject({ state: { status: 'in_progress', assignee: 'user:ann' } });
  });

  it('refuses a command on a stream holding a fact from a newer version of the code, naming it, rather than decide on a mis-read', async () => {
    await writeAsAnOlderVersion(store(), { type: 'IncidentWorkNoteAdded', data: { incidentId: ID, note: { text: 'from the future' } } }, INCIDENT_EVENT_SCHEMA_VERSION + 1, '2026-11-02T08:10:00.000Z');
    const refused = execute(store(), { type: 'AddWorkNote', incidentId: ID, context, data: { text: 'still broken' } });
    await expect(refused).rejects.toThrow(EventSchemaTooNewError);
    await expect(refused).rejects.toThrow(`${STREAM} revision 2: IncidentWorkNoteAdded was stored at schema version 10`);
  });
});
