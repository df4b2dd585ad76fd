import type Database from 'better-sqlite3';
import { AppendResult, ExpectedRevision, NewEvent } from '../event-store';
import type { WriteOutcome } from './writer-thread/thread-messages';

export interface AppendRequest {
  readonly stream: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
}

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

interface QueuedWrite<Request, Result> {
  readonly request: Request;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Group commit on the event loop: writes submitted in the same tick are one group, written on
 * setImmediate, and each settles only once its group's COMMIT returned. The log uses it where a
 * second thread cannot share the database (`:memory:`); any other SQLite file may use it the same way.
 */
export class GroupCommit<Request, Result> {
  private queue: QueuedWrite<Request, Result>[] = [];
  private scheduled: NodeJS.Immediate | null = null;
  private closed = false;
  private readonly commitGroup: CommitGroup<Request, Result>;

  constructor(
    db: Database.Database,
    /** Checks and writes one request; runs inside the group's transaction, in its own savepoint. */
    writeOne: (request: Request) => Result,
    /** Told, after each group that committed any write, how many it committed. */
    private readonly onSettled: (committed: number) => void = () => undefined,
  ) {
    this.commitGroup = groupCommitter(db, writeOne);
  }

  submit(request: Request): Promise<Result> {
    if (this.closed) return Promise.reject(new Error('The group commit is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Writes what was accepted, then refuses more. */
  async close(): Promise<void> {
    this.flush();
    this.closed = true;
  }

  /** Writes whatever is queued now. */
  flush(): void {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
    const group = this.queue;
    this.queue = [];
    if (group.length === 0) return;
    let outcomes: WriteOutcome<Result>[];
    try {
      outcomes = this.commitGroup(group.map((write) => write.request));
    } catch (error) {
      // Nothing of the group is on disk (the COMMIT itself may be what failed): every write fails.
      group.forEach((write) => write.reject(error));
      return;
    }
    group.forEach((write, index) => settle(write, outcomes[index] as WriteOutcome<Result>));
    const committed = outcomes.filter((outcome) => outcome.ok).length;
    if (committed > 0) this.onSettled(committed);
  }
}

function settle<Request, Result>(write: QueuedWrite<Request, Result>, outcome: WriteOutcome<Result>): void {
  if (outcome.ok) write.resolve(outcome.result);
  else write.reject(outcome.error);
}
