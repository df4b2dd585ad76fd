import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { GroupCommit, WriterThread } from '@itsm/event-store/sqlite-writing';
import { normalisedSubject, PersonalDataVaultUnavailableError, type Erasure, type KeyLookup, type PersonalDataVault, type SubjectKey } from './personal-data-vault';
import { newDataKey, unwrapKey, wrapKey } from './sealed-value';
import { prepareStatements, type VaultStatements } from './sqlite-vault-statements';
import type { VaultWriterThreadData } from './sqlite-vault-writer.worker';
import { openVaultDatabase, writeToVault, type VaultWrite, type VaultWritten } from './sqlite-vault-writes';

export interface SqliteVaultOptions {
  readonly filename: string;
  readonly masterKey: Buffer;
  readonly busyTimeoutMs?: number;
  /** Told, after each group of writes committed, how many of its writes it made durable: for metrics and specs. */
  readonly onGroupCommitted?: (written: number) => void;
}

/**
 * The embedded vault: its own SQLite file beside the log, shared by the apps of one machine.
 * `synchronous = FULL`: a key and a stream's link must be on disk before a fact sealed with the key
 * is appended, or a power cut could leave facts nobody can read or erase. Keys and links are
 * group-committed on a writer thread of their own (ADR 25; on the event loop for `:memory:`), and
 * each settles only once committed. Reads, and erasure, stay on this thread's connection.
 */
export class SqliteVault implements PersonalDataVault {
  private readonly db: Database.Database;
  private readonly statements: VaultStatements;
  private readonly writes: GroupCommit<VaultWrite, VaultWritten> | WriterThread<VaultWrite, VaultWritten>;
  /** Links submitted and not yet settled, by stream. */
  private readonly pendingLinks = new Map<string, number>();

  constructor(private readonly options: SqliteVaultOptions) {
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.db = openVaultDatabase(options.filename, busyTimeoutMs);
    this.statements = prepareStatements(this.db);
    const onSettled = options.onGroupCommitted;
    this.writes =
      options.filename === ':memory:'
        ? new GroupCommit(this.db, (write: VaultWrite) => writeToVault(this.statements, write), onSettled)
        : new WriterThread(`${__dirname}/sqlite-vault-writer.worker`, { filename: options.filename, busyTimeoutMs } satisfies VaultWriterThreadData, (reason) => new PersonalDataVaultUnavailableError(reason), onSettled);
  }

  async keyFor(name: string, now: string): Promise<SubjectKey> {
    const subject = normalisedSubject(name);
    // A person met before (most callers, and every fingerprint of their requests): read, no write lock.
    // What a read sees was committed, hence on disk: with synchronous=FULL, SQLite syncs the WAL
    // before a commit becomes visible to any connection.
    const known = this.knownKey(subject);
    if (known !== null) return known;
    const keyId = randomUUID();
    const written = await this.writes.submit({ kind: 'key', subject, keyId, wrapped: wrapKey(this.options.masterKey, keyId, newDataKey()), now });
    // The key the person has now: the one made here, or theirs if another writer made it first.
    const { keyId: kept, wrapped } = written as NonNullable<VaultWritten>;
    return { keyId: kept, key: unwrapKey(this.options.masterKey, wrapped) };
  }

  async keyIdOf(name: string): Promise<string | null> {
    const row = this.statements.subjectKeyId.get(normalisedSubject(name)) as { keyId: string } | undefined;
    return row?.keyId ?? null;
  }

  async keys(keyIds: readonly string[]): Promise<Map<string, KeyLookup>> {
    const found = new Map<string, KeyLookup>();
    for (const keyId of new Set(keyIds)) {
      const row = this.statements.wrappedKey.get(keyId) as { wrapped: string | null } | undefined;
      if (row !== undefined) found.set(keyId, row.wrapped === null ? 'erased' : unwrapKey(this.options.masterKey, row.wrapped));
    }
    return found;
  }

  async linkStream(stream: string, keyId: string): Promise<void> {
    // Linked to this key already, and on disk (see keyFor): nothing to write. A conflict's retry, an
    // import's next version. Not while a link of the stream is on its way: that one may name another key.
    if (!this.pendingLinks.has(stream) && this.isLinked(stream, keyId)) return;
    this.pendingLinks.set(stream, (this.pendingLinks.get(stream) ?? 0) + 1);
    try {
      await this.writes.submit({ kind: 'link', stream, keyId });
    } finally {
      const left = (this.pendingLinks.get(stream) ?? 1) - 1;
      if (left === 0) this.pendingLinks.delete(stream);
      else this.pendingLinks.set(stream, left);
    }
  }

  async streamKey(stream: string): Promise<{ keyId: string; key: KeyLookup } | null> {
    const keyId = this.linkedKeyId(stream);
    if (keyId === null) return null;
    const key = (await this.keys([keyId])).get(keyId);
    return key === undefined ? null : { keyId, key };
  }

  async streamsOf(keyId: string): Promise<string[]> {
    return (this.statements.streamsOf.all(keyId) as { stream: string }[]).map((row) => row.stream);
  }

  async erase(keyId: string, erasure: Erasure): Promise<void> {
    this.db
      .transaction(() => {
        this.statements.forgetSubject.run(keyId);
        this.statements.eraseKey.run(erasure.erasedAt, erasure.erasureId, keyId);
      })
      .immediate();
    // Its old page may still sit in the WAL: move the WAL into the file (secure_delete zeroed it) and empty it.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  /** Writes what was accepted first: a caller waiting on its key or link gets its answer. */
  async close(): Promise<void> {
    if (!this.db.open) return;
    await this.writes.close();
    this.db.close();
  }

  private knownKey(subject: string): SubjectKey | null {
    const known = this.statements.subjectKey.get(subject) as { keyId: string; wrapped: string } | undefined;
    return known === undefined ? null : { keyId: known.keyId, key: unwrapKey(this.options.masterKey, known.wrapped) };
  }

  private isLinked(stream: string, keyId: string): boolean {
    const linked = this.linkedKeyId(stream);
    return linked !== null && linked === keyId;
  }

  private linkedKeyId(stream: string): string | null {
    return (this.statements.streamKeyId.get(stream) as { keyId: string } | undefined)?.keyId ?? null;
  }
}
