import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { retryWhileBusy } from '@itsm/event-store/sqlite-writing';
import type { VaultStatements } from './sqlite-vault-statements';

/**
 * Opens the vault's file, as the app's thread does to read it and the vault's writer thread to write it.
 * `synchronous = FULL`: a key and a stream's link must be on disk before a fact sealed with the key
 * is appended, or a power cut could leave facts nobody can read or erase.
 */
export function openVaultDatabase(filename: string, busyTimeoutMs: number): Database.Database {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const db = new Database(filename, { timeout: busyTimeoutMs });
  // Names of people: readable by the apps' user alone (SQLite gives its journal the file's mode).
  if (filename !== ':memory:') chmodSync(filename, 0o600);
  retryWhileBusy(() => {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // An erased key is overwritten with zeros in the file, not only unlinked from its page.
    db.pragma('secure_delete = ON');
    db.exec(`
      CREATE TABLE IF NOT EXISTS subject_keys (key_id TEXT PRIMARY KEY, wrapped_key TEXT, created_at TEXT NOT NULL, erased_at TEXT, erasure_id TEXT);
      CREATE TABLE IF NOT EXISTS subjects (subject TEXT PRIMARY KEY, key_id TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS stream_subjects (stream TEXT PRIMARY KEY, key_id TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS subject_streams (key_id TEXT NOT NULL, stream TEXT NOT NULL, PRIMARY KEY (key_id, stream));
    `);
  }, busyTimeoutMs);
  return db;
}

/** What the vault writes in groups: plain data, so it can be posted to the vault's writer thread. */
export type VaultWrite =
  /** A person's key, made by the caller (wrapped under the master key), kept unless the person has one already. */
  | { readonly kind: 'key'; readonly subject: string; readonly keyId: string; readonly wrapped: string; readonly now: string }
  | { readonly kind: 'link'; readonly stream: string; readonly keyId: string };

/** A key write answers the key the person now has (theirs from before, if another writer made it first); a link answers null. */
export type VaultWritten = { readonly keyId: string; readonly wrapped: string } | null;

/** One write of a group, in its own savepoint, on whichever thread writes the vault. */
export function writeToVault(statements: VaultStatements, write: VaultWrite): VaultWritten {
  if (write.kind === 'link') {
    statements.linkStream.run(write.stream, write.keyId);
    statements.linkSubject.run(write.keyId, write.stream);
    return null;
  }
  // Asked again inside the group: another caller, or another process, may have made the key since.
  const known = statements.subjectKey.get(write.subject) as { keyId: string; wrapped: string } | undefined;
  if (known !== undefined) return known;
  statements.insertKey.run(write.keyId, write.wrapped, write.now);
  statements.insertSubject.run(write.subject, write.keyId);
  return { keyId: write.keyId, wrapped: write.wrapped };
}
