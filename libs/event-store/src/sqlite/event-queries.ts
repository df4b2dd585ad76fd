import type Database from 'better-sqlite3';
import { NO_STREAM_REVISION, StoredEventRef } from '../append-rules';
import { NewEvent, RecordedEvent } from '../event-store';
import { Position, sequenceOf, sequencePosition } from '../position';
import { metadataToStore, storedMetadata } from './storage-metadata';

interface EventRow {
  readonly sequence: number;
  readonly stream: string;
  readonly revision: number;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
}

/** SQLite's LIMIT -1 means "no limit". */
const UNLIMITED = -1;
/**
 * `LIMIT +?`, not `LIMIT ?`: since 3.47 SQLite plans a LIMIT with the value bound to a bare
 * parameter, so such a statement is compiled again each time it runs (~10 µs a read here, and a
 * command reads twice). Through `+` the value is an expression read as the statement runs (ADR 29).
 */
const BOUND_LIMIT = 'LIMIT +?';
const COLUMNS = 'sequence, stream, revision, event_id, type, data, metadata, recorded_at';

/** Every statement the adapter runs, prepared once per connection. */
export class EventQueries {
  private readonly revisionStatement;
  private readonly eventIdStatement;
  private readonly insertStatement;
  private readonly forwardsStatement;
  private readonly backwardsStatement;
  private readonly headStatement;
  private readonly readAllStatements = new Map<number, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.revisionStatement = db.prepare<[string], { revision: number | null }>(
      'SELECT MAX(revision) AS revision FROM events WHERE stream = ?',
    );
    this.eventIdStatement = db.prepare<[string], Pick<EventRow, 'stream' | 'revision' | 'sequence'>>(
      'SELECT stream, revision, sequence FROM events WHERE event_id = ?',
    );
    this.insertStatement = db.prepare(
      `INSERT INTO events (stream, revision, event_id, type, data, metadata, recorded_at)
       VALUES (@stream, @revision, @eventId, @type, @data, @metadata, @recordedAt)`,
    );
    this.forwardsStatement = db.prepare<[string, number, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC ${BOUND_LIMIT}`,
    );
    this.backwardsStatement = db.prepare<[string, number, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC ${BOUND_LIMIT}`,
    );
    this.headStatement = db.prepare<[], { sequence: number | null }>('SELECT MAX(sequence) AS sequence FROM events');
  }

  streamRevision(stream: string): number {
    return this.revisionStatement.get(stream)?.revision ?? NO_STREAM_REVISION;
  }

  findByEventId(eventId: string): StoredEventRef | undefined {
    const row = this.eventIdStatement.get(eventId);
    return row && { stream: row.stream, revision: row.revision, position: sequencePosition(row.sequence) };
  }

  /** Returns the new event's position. */
  insert(stream: string, revision: number, event: NewEvent, recordedAt: string): Position {
    const eventId = event.metadata.eventId;
    const { lastInsertRowid } = this.insertStatement.run({
      stream,
      revision,
      eventId,
      type: event.type,
      data: JSON.stringify(event.data),
      metadata: metadataToStore(event.metadata, eventId),
      recordedAt,
    });
    return sequencePosition(lastInsertRowid);
  }

  readStream(stream: string, direction: 'forwards' | 'backwards', from: number | undefined, max: number | undefined): RecordedEvent[] {
    const limit = max ?? UNLIMITED;
    const rows =
      direction === 'forwards'
        ? this.forwardsStatement.all(stream, from ?? 0, limit)
        : this.backwardsStatement.all(stream, from ?? Number.MAX_SAFE_INTEGER, limit);
    return rows.map(toRecordedEvent);
  }

  readAll(after: Position | null | undefined, max: number | undefined, streamPrefixes: readonly string[] | undefined): RecordedEvent[] {
    const prefixes = streamPrefixes ?? null;
    const statement = this.readAllStatement(prefixes === null ? null : prefixes.length);
    const prefixParameters = (prefixes ?? []).flatMap((prefix) => [prefix, prefix]);
    const parameters = [after ? sequenceOf(after) : 0, ...prefixParameters, max ?? UNLIMITED];
    return (statement.all(...parameters) as EventRow[]).map(toRecordedEvent);
  }

  head(): Position | null {
    const sequence = this.headStatement.get()?.sequence ?? null;
    return sequence === null ? null : sequencePosition(sequence);
  }

  /** One statement per number of prefixes (null: no filter), prepared on first use. */
  private readAllStatement(prefixCount: number | null): Database.Statement {
    const key = prefixCount ?? -1;
    let statement = this.readAllStatements.get(key);
    if (!statement) {
      // length() counts characters the way substr() does, whatever the prefix contains; each
      // prefix is bound twice. No LIKE/GLOB, whose wildcards a stream name could contain.
      const matches = Array.from({ length: prefixCount ?? 0 }, () => 'substr(stream, 1, length(?)) = ?');
      const filter = prefixCount === null ? '' : ` AND (${matches.length > 0 ? matches.join(' OR ') : 'FALSE'})`;
      statement = this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE sequence > ?${filter} ORDER BY sequence ${BOUND_LIMIT}`);
      this.readAllStatements.set(key, statement);
    }
    return statement;
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    stream: row.stream,
    revision: row.revision,
    position: sequencePosition(row.sequence),
    type: row.type,
    data: JSON.parse(row.data),
    metadata: storedMetadata(row.metadata, row.event_id),
    recordedAt: row.recorded_at,
  };
}
