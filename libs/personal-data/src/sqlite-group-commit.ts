import type Database from 'better-sqlite3';

interface QueuedWrite {
  readonly write: () => unknown;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

type Outcome = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * Group commit for any writes on one SQLite connection, as the log's own (libs/event-store's
 * group-commit.ts) does for appends: with synchronous=FULL every COMMIT is an fsync. Writes submitted
 * in the same tick run in ONE immediate transaction on setImmediate, each in its own savepoint, so
 * one that throws rolls back only itself and later ones see the earlier ones' rows. A write's
 * promise settles only after COMMIT returned: what it wrote is on disk before its caller goes on.
 */
export class SqliteGroupCommit {
  private queue: QueuedWrite[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private closed = false;
  private readonly inSavepoint: (write: () => unknown) => unknown;
  private readonly commitGroup: Database.Transaction<(group: readonly QueuedWrite[]) => Outcome[]>;

  constructor(
    private readonly db: Database.Database,
    /** Told, after each COMMIT, how many of the group's writes it made durable (the failed ones are not). */
    private readonly onCommitted: (written: number) => void = () => undefined,
  ) {
    // A better-sqlite3 transaction function called inside another becomes a SAVEPOINT.
    this.inSavepoint = db.transaction((write: () => unknown) => write());
    this.commitGroup = db.transaction((group: readonly QueuedWrite[]) => group.map((queued) => this.attempt(queued)));
  }

  /** Runs `write` (synchronous statements) in the next group; resolves with its result once committed. */
  submit<T>(write: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The SQLite group commit is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (result: unknown) => void, reject });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Writes whatever is queued now. */
  flush(): void {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
    const group = this.queue;
    this.queue = [];
    if (group.length === 0) return;
    let outcomes: Outcome[];
    try {
      // IMMEDIATE takes the write lock up front (waiting up to busy_timeout for other processes)
      // instead of failing half-way when a read transaction has to be upgraded.
      outcomes = this.commitGroup.immediate(group);
    } catch (error) {
      // Nothing of the group is on disk (the COMMIT itself may be what failed): every write fails.
      group.forEach((queued) => queued.reject(error));
      return;
    }
    this.onCommitted(outcomes.filter((outcome) => outcome.ok).length);
    group.forEach((queued, index) => settle(queued, outcomes[index] as Outcome));
  }

  /** Writes what was accepted, then refuses more. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  private attempt(queued: QueuedWrite): Outcome {
    try {
      return { ok: true, result: this.inSavepoint(queued.write) };
    } catch (error) {
      // Some errors (disk full, I/O) make SQLite roll back the whole transaction; continuing would
      // then run the rest in autocommit mode, so the group as a whole fails instead.
      if (!this.db.inTransaction) throw error;
      return { ok: false, error };
    }
  }
}

function settle(queued: QueuedWrite, outcome: Outcome): void {
  if (outcome.ok) queued.resolve(outcome.result);
  else queued.reject(outcome.error);
}
