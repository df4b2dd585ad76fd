import Database from 'better-sqlite3';
import { hashEvent } from '../envelope';
import type { EventMetadata, Json } from '../event-store';
import { metadataToStore, storedMetadata } from '../sqlite/storage-metadata';

interface Row {
  sequence: number;
  stream: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

/**
 * What someone with write access to `events.sqlite` can do to it, with the product's own hash
 * function where they would use it. Each tampering opens the file itself, as an intruder would,
 * beside (not through) the store.
 */
export class SqliteTampering {
  constructor(private readonly filename: string) {}

  /** Edits an event's data; with `rechain`, recomputes its hash and the rest of its stream's chain so every chain still holds. */
  editData(sequence: number, edit: (data: Record<string, Json>) => Record<string, Json>, options: { rechain: boolean }): void {
    this.withDb((db) => {
      const row = rowAt(db, sequence);
      db.prepare('UPDATE events SET data = ? WHERE sequence = ?').run(JSON.stringify(edit(JSON.parse(row.data))), sequence);
      if (options.rechain) rechain(db, row.stream, row.revision);
    });
  }

  /** Edits an event's metadata (its actor, its time); with `rechain`, as editData. */
  editMetadata(sequence: number, edit: Partial<EventMetadata>, options: { rechain: boolean }): void {
    this.withDb((db) => {
      const row = rowAt(db, sequence);
      const edited = { ...storedMetadata(row.metadata, row.event_id), ...edit };
      db.prepare('UPDATE events SET metadata = ? WHERE sequence = ?').run(metadataToStore(edited, row.event_id), sequence);
      if (options.rechain) rechain(db, row.stream, row.revision);
    });
  }

  /** Changes when the store says it recorded the event: not covered by the event's hash, only by the checkpoints. */
  editRecordedAt(sequence: number, recordedAt: string): void {
    this.withDb((db) => db.prepare('UPDATE events SET recorded_at = ? WHERE sequence = ?').run(recordedAt, sequence));
  }

  deleteEvent(sequence: number): void {
    this.withDb((db) => db.prepare('DELETE FROM events WHERE sequence = ?').run(sequence));
  }

  deleteStream(stream: string): void {
    this.withDb((db) => db.prepare('DELETE FROM events WHERE stream = ?').run(stream));
  }

  /** Cuts the log after `sequence`: the end is gone, checkpoints included. */
  cutAfter(sequence: number): void {
    this.withDb((db) => db.prepare('DELETE FROM events WHERE sequence > ?').run(sequence));
  }

  /** Swaps the contents of two rows; each keeps its place in the log. */
  swap(first: number, second: number): void {
    this.withDb((db) => {
      const [a, b] = [rowAt(db, first), rowAt(db, second)];
      const move = db.prepare('UPDATE events SET stream = ?, revision = ?, event_id = ?, type = ?, data = ?, metadata = ?, recorded_at = ? WHERE sequence = ?');
      // Unique (stream, revision) and event_id: park one row out of the way first.
      db.prepare("UPDATE events SET stream = '~', event_id = '~' WHERE sequence = ?").run(first);
      move.run(a.stream, a.revision, a.event_id, a.type, a.data, a.metadata, a.recorded_at, second);
      move.run(b.stream, b.revision, b.event_id, b.type, b.data, b.metadata, b.recorded_at, first);
    });
  }

  /** The row at a sequence, as stored. */
  row(sequence: number): Row {
    return this.withDb((db) => rowAt(db, sequence));
  }

  /** Sequences of a stream's events, in stream order. */
  sequencesOf(stream: string): number[] {
    return this.withDb((db) => db.prepare<[string], { sequence: number }>('SELECT sequence FROM events WHERE stream = ? ORDER BY revision').all(stream).map((row) => row.sequence));
  }

  private withDb<T>(work: (db: Database.Database) => T): T {
    const db = new Database(this.filename);
    try {
      return db.transaction(() => work(db))();
    } finally {
      db.close();
    }
  }
}

function rowAt(db: Database.Database, sequence: number): Row {
  const row = db.prepare<[number], Row>('SELECT * FROM events WHERE sequence = ?').get(sequence);
  if (row === undefined) throw new Error(`No event at sequence ${sequence}`);
  return row;
}

/** Recomputes hash and prevHash from `revision` to the end of the stream, as a careful forger would. */
function rechain(db: Database.Database, stream: string, revision: number): void {
  const rows = db.prepare<[string], Row>('SELECT * FROM events WHERE stream = ? ORDER BY revision').all(stream);
  let prevHash: string | null = null;
  for (const row of rows) {
    const metadata = storedMetadata(row.metadata, row.event_id);
    if (row.revision >= revision) {
      const { hash: _stale, ...unsealed } = { ...metadata, prevHash };
      const hash = hashEvent(row.stream, row.type, JSON.parse(row.data), unsealed);
      db.prepare('UPDATE events SET metadata = ? WHERE sequence = ?').run(metadataToStore({ ...unsealed, hash }, row.event_id), row.sequence);
      prevHash = hash;
    } else prevHash = metadata.hash;
  }
}
