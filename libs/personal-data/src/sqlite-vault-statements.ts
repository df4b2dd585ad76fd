import type Database from 'better-sqlite3';

/** The vault's statements, compiled once per connection rather than at every call. */
export type VaultStatements = ReturnType<typeof prepareStatements>;

export function prepareStatements(db: Database.Database) {
  return {
    subjectKey: db.prepare('SELECT k.key_id AS keyId, k.wrapped_key AS wrapped FROM subjects s JOIN subject_keys k ON k.key_id = s.key_id WHERE s.subject = ?'),
    subjectKeyId: db.prepare('SELECT key_id AS keyId FROM subjects WHERE subject = ?'),
    wrappedKey: db.prepare('SELECT wrapped_key AS wrapped FROM subject_keys WHERE key_id = ?'),
    insertKey: db.prepare('INSERT INTO subject_keys (key_id, wrapped_key, created_at) VALUES (?, ?, ?)'),
    insertSubject: db.prepare('INSERT INTO subjects (subject, key_id) VALUES (?, ?)'),
    streamKeyId: db.prepare('SELECT key_id AS keyId FROM stream_subjects WHERE stream = ?'),
    linkStream: db.prepare('INSERT INTO stream_subjects (stream, key_id) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET key_id = excluded.key_id'),
    linkSubject: db.prepare('INSERT OR IGNORE INTO subject_streams (key_id, stream) VALUES (?, ?)'),
    streamsOf: db.prepare('SELECT stream FROM subject_streams WHERE key_id = ? ORDER BY stream'),
    forgetSubject: db.prepare('DELETE FROM subjects WHERE key_id = ?'),
    eraseKey: db.prepare('UPDATE subject_keys SET wrapped_key = NULL, erased_at = coalesce(erased_at, ?), erasure_id = coalesce(erasure_id, ?) WHERE key_id = ?'),
  };
}
