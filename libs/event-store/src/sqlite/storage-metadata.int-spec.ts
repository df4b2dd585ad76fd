import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastHashOf, sealEvents } from '../envelope';
import type { NewEvent } from '../event-store';
import { LogSealer } from '../integrity/log-sealer';
import { verifyLog } from '../integrity/log-verification';
import { verifyStream } from '../integrity/stream-verification';
import { aSigningKey } from '../testing/sealed-log';
import { SqliteEventStore } from './sqlite-event-store';

interface StoredRow {
  readonly sequence: number;
  readonly event_id: string;
  readonly metadata: string;
}

const stream = 'incident-0190e4a1-0000-7000-8000-000000000001';

function sealedAfter(previous: readonly { metadata: { hash: string } }[], commandId: string, notes: number): NewEvent[] {
  return sealEvents({
    stream,
    events: Array.from({ length: notes }, (_, index) => ({ type: 'IncidentWorkNoteAdded', data: { text: `note ${commandId} ${index}` } })),
    previousHash: lastHashOf(previous as never),
    schemaVersion: 9,
    context: { actor: 'user:ann', occurredAt: '2026-11-01T09:00:00.000Z', commandId, commandType: 'AddWorkNote', correlationId: `corr-${commandId}`, causationId: commandId },
  });
}

/** A row as the store wrote every row before ADR 26: the metadata as a JSON object, the event id in it too. */
function insertAsBefore(filename: string, events: readonly NewEvent[]): void {
  const db = new Database(filename);
  try {
    const insert = db.prepare('INSERT INTO events (stream, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    events.forEach((event, revision) => insert.run(stream, revision, event.metadata.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), '2026-11-01T09:00:00.123Z'));
  } finally {
    db.close();
  }
}

function rowsOf(filename: string): StoredRow[] {
  const db = new Database(filename, { readonly: true });
  try {
    return db.prepare<[], StoredRow>('SELECT sequence, event_id, metadata FROM events ORDER BY sequence').all();
  } finally {
    db.close();
  }
}

describe('a SQLite log holding rows written before ADR 26 and after it', () => {
  let directory: string;
  let filename: string;
  let older: NewEvent[];
  let newer: NewEvent[];
  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'storage-metadata-'));
    filename = join(directory, 'events.sqlite');
    await SqliteEventStore.open({ filename }).close();
    older = sealedAfter([], 'command-before', 2);
    insertAsBefore(filename, older);
    newer = sealedAfter(older, 'command-after', 2);
    const store = SqliteEventStore.open({ filename });
    await store.append(stream, newer, 1);
    await store.close();
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('leaves the older rows as written and keeps the newer ones compact', () => {
    const [first, second, third, fourth] = rowsOf(filename);
    expect([first?.metadata, second?.metadata]).toEqual(older.map((event) => JSON.stringify(event.metadata)));
    for (const row of [third, fourth]) {
      expect(row?.metadata.startsWith('[')).toBe(true);
      expect(row?.metadata).not.toContain(row?.event_id);
    }
  });

  it('reads every event with the metadata it was given, key for key, in both directions', async () => {
    const store = SqliteEventStore.open({ filename });
    try {
      const forwards = await store.readStream(stream);
      expect(forwards.map((event) => JSON.stringify(event.metadata))).toEqual([...older, ...newer].map((event) => JSON.stringify(event.metadata)));
      const backwards = await store.readStream(stream, { direction: 'backwards' });
      expect(backwards.map((event) => event.metadata)).toStrictEqual([...older, ...newer].reverse().map((event) => event.metadata));
      const all = await store.readAll({ asStored: true });
      expect(all.map((event) => event.metadata)).toStrictEqual([...older, ...newer].map((event) => event.metadata));
    } finally {
      await store.close();
    }
  });

  it('verifies whole and by stream: every hash, the chain across both kinds of row, and the signed checkpoint over them', async () => {
    const key = aSigningKey();
    const store = SqliteEventStore.open({ filename });
    try {
      await new LogSealer(store, { ...key, everyEvents: 100, everyMs: 0, clock: () => new Date('2026-11-01T10:00:00Z') }).sealDue(true);
      const whole = await verifyLog(store, { trusted: key.trusted });
      expect(whole).toMatchObject({ ok: true, eventsChecked: 5, checkpointsChecked: 1 });
      expect(await verifyStream(store, stream, { trusted: key.trusted })).toMatchObject({ ok: true, eventsChecked: 4 });
    } finally {
      await store.close();
    }
  });

  it('shows every row with the metadata the store reads, whichever kind, in the view events_in_full (for sqlite3 alone)', async () => {
    const store = SqliteEventStore.open({ filename });
    try {
      const opening = sealEvents({ stream: 'incident-2', events: [{ type: 'IncidentOpened', data: {} }], previousHash: null, schemaVersion: 9, context: { actor: 'user:bo', occurredAt: '2026-11-02T09:00:00.000Z', commandId: 'c-2', commandType: 'OpenIncident', correlationId: 'c-2', causationId: 'c-2' } });
      await store.append('incident-2', opening, 'no_stream');
      const db = new Database(filename, { readonly: true });
      const viewed = db.prepare<[], { event_id: string; metadata: string }>('SELECT event_id, metadata FROM events_in_full ORDER BY sequence').all();
      db.close();
      const read = await store.readAll({ asStored: true });
      expect(viewed.map((row) => JSON.parse(row.metadata) as unknown)).toStrictEqual(read.map((event) => event.metadata));
      expect(viewed.map((row) => row.event_id)).toEqual(read.map((event) => event.metadata.eventId));
    } finally {
      await store.close();
    }
  });

  it('adds the view to a file written before it when the store opens it, and changes no row', async () => {
    const db = new Database(filename);
    db.exec('DROP VIEW events_in_full');
    db.close();
    const rowsBefore = rowsOf(filename);
    await SqliteEventStore.open({ filename }).close();
    const reopened = new Database(filename, { readonly: true });
    const views = reopened.prepare("SELECT name FROM sqlite_master WHERE type = 'view'").all();
    reopened.close();
    expect(views).toEqual([{ name: 'events_in_full' }]);
    expect(rowsOf(filename)).toEqual(rowsBefore);
  });

  it('still recognises a repeat of an append of either kind', async () => {
    const store = SqliteEventStore.open({ filename });
    try {
      expect((await store.append(stream, older, 'any')).revision).toBe(1);
      expect((await store.append(stream, newer, 'any')).revision).toBe(3);
      expect(await store.readStream(stream)).toHaveLength(4);
    } finally {
      await store.close();
    }
  });
});
