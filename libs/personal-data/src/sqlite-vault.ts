import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { retryWhileBusy } from '@itsm/event-store';
import { normalisedSubject, type Erasure, type KeyLookup, type PersonalDataVault, type SubjectKey } from './personal-data-vault';
import { newDataKey, unwrapKey, wrapKey } from './sealed-value';

export interface SqliteVaultOptions {
  readonly filename: string;
  readonly masterKey: Buffer;
  readonly busyTimeoutMs?: number;
}

/**
 * The embedded vault: its own SQLite file beside the log, shared by the apps of one machine.
 * `synchronous = FULL`: a key must be on disk before a fact sealed with it is appended, or a power
 * cut could leave facts nobody can read.
 */
export class SqliteVault implements PersonalDataVault {
  private readonly db: Database.Database;

  constructor(private readonly options: SqliteVaultOptions) {
    const timeout = options.busyTimeoutMs ?? 5000;
    if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true });
    this.db = new Database(options.filename, { timeout });
    // Names of people: readable by the apps' user alone (SQLite gives its journal the file's mode).
    if (options.filename !== ':memory:') chmodSync(options.filename, 0o600);
    retryWhileBusy(() => {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      // An erased key is overwritten with zeros in the file, not only unlinked from its page.
      this.db.pragma('secure_delete = ON');
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS subject_keys (key_id TEXT PRIMARY KEY, wrapped_key TEXT, created_at TEXT NOT NULL, erased_at TEXT, erasure_id TEXT);
        CREATE TABLE IF NOT EXISTS subjects (subject TEXT PRIMARY KEY, key_id TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS stream_subjects (stream TEXT PRIMARY KEY, key_id TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS subject_streams (key_id TEXT NOT NULL, stream TEXT NOT NULL, PRIMARY KEY (key_id, stream));
      `);
    }, timeout);
  }

  async keyFor(name: string, now: string): Promise<SubjectKey> {
    const subject = normalisedSubject(name);
    const made = this.db
      .transaction((): SubjectKey => {
        const known = this.db.prepare('SELECT k.key_id AS keyId, k.wrapped_key AS wrapped FROM subjects s JOIN subject_keys k ON k.key_id = s.key_id WHERE s.subject = ?').get(subject) as { keyId: string; wrapped: string } | undefined;
        if (known !== undefined) return { keyId: known.keyId, key: unwrapKey(this.options.masterKey, known.wrapped) };
        const keyId = randomUUID();
        const key = newDataKey();
        this.db.prepare('INSERT INTO subject_keys (key_id, wrapped_key, created_at) VALUES (?, ?, ?)').run(keyId, wrapKey(this.options.masterKey, keyId, key), now);
        this.db.prepare('INSERT INTO subjects (subject, key_id) VALUES (?, ?)').run(subject, keyId);
        return { keyId, key };
      })
      .immediate();
    return made;
  }

  async keyIdOf(name: string): Promise<string | null> {
    const subject = normalisedSubject(name);
    const row = this.db.prepare('SELECT key_id AS keyId FROM subjects WHERE subject = ?').get(subject) as { keyId: string } | undefined;
    return row?.keyId ?? null;
  }

  async keys(keyIds: readonly string[]): Promise<Map<string, KeyLookup>> {
    const found = new Map<string, KeyLookup>();
    const select = this.db.prepare('SELECT key_id AS keyId, wrapped_key AS wrapped FROM subject_keys WHERE key_id = ?');
    for (const keyId of new Set(keyIds)) {
      const row = select.get(keyId) as { keyId: string; wrapped: string | null } | undefined;
      if (row !== undefined) found.set(keyId, row.wrapped === null ? 'erased' : unwrapKey(this.options.masterKey, row.wrapped));
    }
    return found;
  }

  async linkStream(stream: string, keyId: string): Promise<void> {
    this.db
      .transaction(() => {
        this.db.prepare('INSERT INTO stream_subjects (stream, key_id) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET key_id = excluded.key_id').run(stream, keyId);
        this.db.prepare('INSERT OR IGNORE INTO subject_streams (key_id, stream) VALUES (?, ?)').run(keyId, stream);
      })
      .immediate();
  }

  async streamKey(stream: string): Promise<{ keyId: string; key: KeyLookup } | null> {
    const row = this.db.prepare('SELECT key_id AS keyId FROM stream_subjects WHERE stream = ?').get(stream) as { keyId: string } | undefined;
    if (row === undefined) return null;
    const key = (await this.keys([row.keyId])).get(row.keyId);
    return key === undefined ? null : { keyId: row.keyId, key };
  }

  async streamsOf(keyId: string): Promise<string[]> {
    return (this.db.prepare('SELECT stream FROM subject_streams WHERE key_id = ? ORDER BY stream').all(keyId) as { stream: string }[]).map((row) => row.stream);
  }

  async erase(keyId: string, erasure: Erasure): Promise<void> {
    this.db
      .transaction(() => {
        this.db.prepare('DELETE FROM subjects WHERE key_id = ?').run(keyId);
        this.db.prepare('UPDATE subject_keys SET wrapped_key = NULL, erased_at = coalesce(erased_at, ?), erasure_id = coalesce(erasure_id, ?) WHERE key_id = ?').run(erasure.erasedAt, erasure.erasureId, keyId);
      })
      .immediate();
    // Its old page may still sit in the WAL: move the WAL into the file (secure_delete zeroed it) and empty it.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
