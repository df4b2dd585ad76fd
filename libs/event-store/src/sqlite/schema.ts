import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { retryWhileBusy } from './retry-while-busy';

/**
 * The log as the store reads it, for whoever opens the file with sqlite3 alone (an auditor): each
 * row's metadata as one JSON object, whether the row keeps it compact (ADR 26: an array, the event
 * id in its column, 0 for the command's id) or as written before. A view stores nothing; JSON1
 * functions only, which any sqlite3 since 3.9 reads.
 */
const EVENTS_IN_FULL = `
  CREATE VIEW IF NOT EXISTS events_in_full AS
  SELECT sequence, stream, revision, event_id, type, data, recorded_at,
    CASE json_type(metadata) WHEN 'array' THEN json_object(
      'eventId', event_id,
      'actor', json_extract(metadata, '$[0]'),
      'occurredAt', json_extract(metadata, '$[1]'),
      'commandId', json_extract(metadata, '$[2]'),
      'commandType', json_extract(metadata, '$[3]'),
      'correlationId', CASE json_type(metadata, '$[4]') WHEN 'integer' THEN json_extract(metadata, '$[2]') ELSE json_extract(metadata, '$[4]') END,
      'causationId', CASE json_type(metadata, '$[5]') WHEN 'integer' THEN json_extract(metadata, '$[2]') ELSE json_extract(metadata, '$[5]') END,
      'schemaVersion', json_extract(metadata, '$[6]'),
      'prevHash', json_extract(metadata, '$[7]'),
      'hash', json_extract(metadata, '$[8]')
    ) ELSE metadata END AS metadata
  FROM events;
`;

/**
 * One table is the whole log. `sequence` is the rowid, so the global order is the insert order;
 * SQLite has a single writer and never shows uncommitted rows, so a reader can never see a later
 * sequence before an earlier one commits (no gaps appear behind a subscriber's checkpoint).
 * Rows are never deleted, so rowids are never reused.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    sequence    INTEGER PRIMARY KEY,
    stream      TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    event_id    TEXT    NOT NULL UNIQUE,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (stream, revision)
  );
  ${EVENTS_IN_FULL}
`;

export interface OpenDatabaseOptions {
  readonly filename: string;
  readonly busyTimeoutMs: number;
}

/**
 * Several processes open the same file: WAL lets readers proceed while the command side writes,
 * busy_timeout makes a writer wait for another instead of failing, and synchronous=FULL fsyncs
 * every commit, so a command that got its answer survives a power cut. The setup is idempotent and is
 * tried again while another process opening the same fresh file holds it (retryWhileBusy).
 */
export function openDatabase(options: OpenDatabaseOptions): Database.Database {
  if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true });
  const db = new Database(options.filename);
  try {
    db.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs)}`);
    retryWhileBusy(() => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec(SCHEMA);
    }, options.busyTimeoutMs);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
