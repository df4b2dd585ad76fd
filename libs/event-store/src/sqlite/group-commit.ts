import type Database from 'better-sqlite3';
import { AppendResult, ExpectedRevision, NewEvent } from '../event-store';

export interface AppendRequest {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
}

interface QueuedAppend extends AppendRequest {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

type Outcome = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: unknown };

/**
 * Group commit: with synchronous=FULL every COMMIT is an fsync, the dominant cost of an append.
 * Appends submitted in the same tick are written in ONE transaction on setImmediate. Each runs
 * in its own savepoint, so one append's concurrency error or failure rolls back only itself, and
 * later appends in the group see the earlier ones' rows (same connection, same transaction).
 * Promises settle only after COMMIT returned, i.e. once the whole group is on disk.
 */
export class GroupCommit {
  private queue: QueuedAppend[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private readonly attemptOne: (request: AppendRequest) => AppendResult;
  private readonly commitGroup: Database.Transaction<(group: readonly QueuedAppend[]) => Outcome[]>;

  constructor(
    private readonly db: Database.Database,
    /** Checks and inserts one append; runs inside the group's transaction. */
    appendOne: (request: AppendRequest) => AppendResult,
    /** Called after a COMMIT that wrote at least one event. */
    private readonly onCommitted: () => void,
  ) {
    // A better-sqlite3 transaction function called inside another becomes a SAVEPOINT.
    this.attemptOne = db.transaction(appendOne);
    this.commitGroup = db.transaction((group: readonly QueuedAppend[]) => group.map((append) => this.attempt(append)));
  }

  submit(request: AppendRequest): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...request, resolve, reject });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Writes whatever is queued now; close() calls it so no accepted append is dropped. */
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
      group.forEach((append) => append.reject(error));
      return;
    }
    group.forEach((append, index) => settle(append, outcomes[index]));
    if (outcomes.some((outcome) => outcome.ok)) this.onCommitted();
  }

  private attempt(append: QueuedAppend): Outcome {
    try {
      return { ok: true, result: this.attemptOne(append) };
    } catch (error) {
      // Some errors (disk full, I/O) make SQLite roll back the whole transaction; continuing would
      // then run the rest in autocommit mode, so the group as a whole fails instead.
      if (!this.db.inTransaction) throw error;
      return { ok: false, error };
    }
  }
}

function settle(append: QueuedAppend, outcome: Outcome): void {
  if (outcome.ok) append.resolve(outcome.result);
  else append.reject(outcome.error);
}
