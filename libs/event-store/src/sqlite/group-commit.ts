import type Database from 'better-sqlite3';
import { AppendResult, ExpectedRevision, NewEvent } from '../event-store';
import type { WriteOutcome } from './writer-thread/thread-messages';

export interface AppendRequest {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
}

export type AppendOutcome = WriteOutcome<AppendResult>;

/** Writes a group in one transaction and answers each write's outcome; throws when the group as a whole failed. */
export type CommitGroup<Request, Result> = (group: readonly Request[]) => WriteOutcome<Result>[];

/**
 * Group commit: with synchronous=FULL every COMMIT is an fsync, the dominant cost of a write.
 * A group of writes (the log's appends, the vault's links) is written in ONE transaction. Each runs
 * in its own savepoint, so one write's concurrency error or failure rolls back only itself, and
 * later writes in the group see the earlier ones' rows (same connection, same transaction). The
 * caller answers a write only after this returned, i.e. once the whole group is on disk.
 */
export function groupCommitter<Request, Result>(db: Database.Database, writeOne: (request: Request) => Result): CommitGroup<Request, Result> {
  // A better-sqlite3 transaction function called inside another becomes a SAVEPOINT.
  const attemptOne = db.transaction(writeOne);
  const attempt = (request: Request): WriteOutcome<Result> => {
    try {
      return { ok: true, result: attemptOne(request) };
    } catch (error) {
      // Some errors (disk full, I/O) make SQLite roll back the whole transaction; continuing would
      // then run the rest in autocommit mode, so the group as a whole fails instead.
      if (!db.inTransaction) throw error;
      return { ok: false, error };
    }
  };
  const transaction = db.transaction((group: readonly Request[]) => group.map(attempt));
  // IMMEDIATE takes the write lock up front (waiting up to busy_timeout for other processes)
  // instead of failing half-way when a read transaction has to be upgraded.
  return (group) => transaction.immediate(group);
}

/** Where a store's appends are written: on its own thread, or on the event loop. */
export interface LogWriter {
  submit(request: AppendRequest): Promise<AppendResult>;
  /** Writes every append already submitted, then stops; later submissions are refused. */
  close(): Promise<void>;
}

interface QueuedAppend extends AppendRequest {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * The writer on the event loop: appends submitted in the same tick are one group, written on
 * setImmediate. Used where a second thread cannot share the database (`:memory:`), and inside the
 * writer thread itself.
 */
export class GroupCommit implements LogWriter {
  private queue: QueuedAppend[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private readonly commitGroup: CommitGroup<AppendRequest, AppendResult>;

  constructor(
    db: Database.Database,
    /** Checks and inserts one append; runs inside the group's transaction. */
    appendOne: (request: AppendRequest) => AppendResult,
    /** Called after a COMMIT that wrote at least one event. */
    private readonly onCommitted: () => void,
  ) {
    this.commitGroup = groupCommitter(db, appendOne);
  }

  submit(request: AppendRequest): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...request, resolve, reject });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  async close(): Promise<void> {
    this.flush();
  }

  /** Writes whatever is queued now; close() calls it so no accepted append is dropped. */
  flush(): void {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
    const group = this.queue;
    this.queue = [];
    if (group.length === 0) return;
    let outcomes: AppendOutcome[];
    try {
      outcomes = this.commitGroup(group);
    } catch (error) {
      group.forEach((append) => append.reject(error));
      return;
    }
    group.forEach((append, index) => settle(append, outcomes[index]));
    if (outcomes.some((outcome) => outcome.ok)) this.onCommitted();
  }
}

function settle(append: QueuedAppend, outcome: AppendOutcome): void {
  if (outcome.ok) append.resolve(outcome.result);
  else append.reject(outcome.error);
}
