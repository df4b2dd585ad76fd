import type Database from 'better-sqlite3';
import { assertValidBatch } from '../append-rules';
import {
  AppendResult,
  EventStore,
  EventStoreUnavailableError,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  SubscriptionMessage,
} from '../event-store';
import { Position, sequencePosition } from '../position';
import { ChangeNotifier } from '../subscription/change-notifier';
import { subscribeToLog } from '../subscription/log-subscription';
import { appendOne } from './append-one';
import { EventQueries } from './event-queries';
import { GroupCommit, type AppendRequest, type LogWriter } from './group-commit';
import { openDatabase } from './schema';
import type { LogWriterThreadData } from './writer-thread/log-writer.worker';
import { WriterThread } from './writer-thread/writer-thread';
import { closingController } from '../subscription/signals';
import { readEventsAs, type EventSchemas } from '../upcasting/read-as-current';

export interface SqliteEventStoreOptions {
  /** The database file; its directory is created when missing. */
  readonly filename: string;
  /** How often a caught-up subscription re-reads the file for other processes' appends. Default 25. */
  readonly pollIntervalMs?: number;
  /** How long a writer waits for another process's write lock before failing. Default 5000. */
  readonly busyTimeoutMs?: number;
  /** Events read per subscription page. Default 256. */
  readonly pageSize?: number;
  /** The shapes of the events read (ADR 21): older versions read in the current one. None: read as stored. */
  readonly schemas?: EventSchemas;
  /**
   * Where appends are written (ADR 25). `thread` (the default for a file): a writer thread with its
   * own connection, so the event loop serves requests while a group commits. `event-loop`: on this
   * thread's connection, as `:memory:` must (a second connection would open another database).
   */
  readonly writer?: 'thread' | 'event-loop';
}

/**
 * The embedded event store: one SQLite file shared by the command-api (appends) and the projector
 * and query-api (read and subscribe, from other processes, hence polling).
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly queries: EventQueries;
  private readonly writer: LogWriter;
  private readonly notifier = new ChangeNotifier();
  private readonly closing = closingController();
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private readonly schemas: EventSchemas | undefined;
  private closed: Promise<void> | null = null;

  constructor(options: SqliteEventStoreOptions) {
    this.schemas = options.schemas;
    this.pollIntervalMs = options.pollIntervalMs ?? 25;
    this.pageSize = options.pageSize ?? 256;
    this.db = openDatabase({ filename: options.filename, busyTimeoutMs: options.busyTimeoutMs ?? 5000 });
    this.queries = new EventQueries(this.db);
    // Told only of groups that committed something: subscribers in this process read what is new.
    const onCommitted = () => this.notifier.notify();
    const onThread = (options.writer ?? 'thread') === 'thread' && options.filename !== ':memory:';
    const data: LogWriterThreadData = { filename: options.filename, busyTimeoutMs: options.busyTimeoutMs ?? 5000 };
    this.writer = onThread
      ? new WriterThread<AppendRequest, AppendResult>(`${__dirname}/writer-thread/log-writer.worker`, data, (reason) => new EventStoreUnavailableError(reason), onCommitted)
      : new GroupCommit(this.db, (request: AppendRequest) => appendOne(this.queries, request), onCommitted);
  }

  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    return new SqliteEventStore(options);
  }

  async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    assertValidBatch(stream, events);
    return this.writer.submit({ stream, events, expected });
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return readEventsAs(this.queries.readStream(stream, options.direction ?? 'forwards', options.from, options.max), this.schemas, options);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return readEventsAs(this.queries.readAll(options.after, options.max, options.filter?.streamPrefixes), this.schemas, options);
  }

  /** Reads through readAll, so its events are upcast there. */
  subscribe(options: SubscribeOptions = {}): AsyncIterable<SubscriptionMessage> {
    return subscribeToLog(this, options, {
      pageSize: this.pageSize,
      startPosition: sequencePosition(0),
      notifier: this.notifier,
      pollIntervalMs: this.pollIntervalMs,
      closed: this.closing.signal,
    });
  }

  async headPosition(): Promise<Position | null> {
    this.assertOpen();
    return this.queries.head();
  }

  /** Writes appends already accepted, ends every subscription, then closes the file. */
  close(): Promise<void> {
    // Once: a second caller waits, as the first does, for the accepted appends to be written.
    this.closed ??= (async () => {
      this.closing.abort();
      await this.writer.close();
      this.db.close();
    })();
    return this.closed;
  }

  private assertOpen(): void {
    if (this.closing.signal.aborted) throw new Error('SqliteEventStore is closed');
  }
}
