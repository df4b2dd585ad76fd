import { DeadlineExceededError, EventStoreDBClient, NotLeaderError, UnavailableError } from '@eventstore/db-client';
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
import { Position } from '../position';
import { appendToEsdb } from './esdb-append';
import { EsdbReads } from './esdb-reads';
import { EsdbSubscriptionStatus, ReconnectPolicy, subscribeToEsdb } from './esdb-subscription';
import { closingController } from '../subscription/signals';
import { readEventsAs, readMessagesAs, type EventSchemas } from '../upcasting/read-as-current';

export interface EsdbEventStoreOptions {
  /** `esdb://host:2113?tls=false`, `esdb+discover://…` for a cluster; `kurrentdb://` is accepted as a synonym. */
  readonly connectionString: string;
  /** Resubscription backoff after a failure: doubles from `initialDelayMs` (default 200) to `maxDelayMs` (default 10000). */
  readonly reconnect?: Partial<ReconnectPolicy>;
  /**
   * How long a caught-up, filtered subscription waits without a message before asking the head
   * whether other streams moved the log, to checkpoint past them (default 200).
   */
  readonly idleCheckpointMs?: number;
  /** Events asked for per request when reading $all page by page (default 512). */
  readonly pageSize?: number;
  /** The shapes of the events read (ADR 21): older versions read in the current one. None: read as stored. */
  readonly schemas?: EventSchemas;
}

/**
 * The EventStore port over EventStoreDB (gRPC client 6.x), with the semantics of the SQLite adapter
 * (one contract suite proves it). Positions are `${commit}-${prepare}`, 20 digits each. Our event
 * ids are the EventStoreDB event ids. System events ($-prefixed types or streams) are never part of
 * our log. See README.md beside this file for the one known difference and the costs.
 */
export class EsdbEventStore implements EventStore {
  private readonly reads: EsdbReads;
  private readonly closing = closingController();
  private readonly subscriptions = new Set<() => EsdbSubscriptionStatus>();
  private readonly reconnect: ReconnectPolicy;
  private readonly idleCheckpointMs: number;
  private readonly schemas: EventSchemas | undefined;

  private constructor(
    private readonly client: EventStoreDBClient,
    options: EsdbEventStoreOptions,
  ) {
    this.reads = new EsdbReads(client, options.pageSize ?? 512);
    this.reconnect = { initialDelayMs: options.reconnect?.initialDelayMs ?? 200, maxDelayMs: options.reconnect?.maxDelayMs ?? 10_000 };
    this.idleCheckpointMs = options.idleCheckpointMs ?? 200;
    this.schemas = options.schemas;
  }

  /** Creates the client; it connects lazily, on the first request, and reconnects by itself. */
  static connect(options: EsdbEventStoreOptions): EsdbEventStore {
    const connectionString = options.connectionString.replace(/^kurrentdb(\+discover)?:\/\//, 'esdb$1://');
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    return reachable(() => appendToEsdb(this.client, this.reads, stream, events, expected));
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    return readEventsAs(await reachable(() => this.reads.readStream(stream, options)), this.schemas, options);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    return readEventsAs(await reachable(() => this.reads.readAll(options)), this.schemas, options);
  }

  async headPosition(): Promise<Position | null> {
    this.assertOpen();
    return reachable(() => this.reads.headPosition());
  }

  /** The session reads the client's events itself, not through readAll: they are upcast on their way out. */
  subscribe(options: SubscribeOptions = {}): AsyncIterable<SubscriptionMessage> {
    const messages = subscribeToEsdb(options, {
      client: this.client,
      reads: this.reads,
      reconnect: this.reconnect,
      idleCheckpointMs: this.idleCheckpointMs,
      closed: this.closing.signal,
      track: (status) => {
        this.subscriptions.add(status);
        return () => this.subscriptions.delete(status);
      },
    });
    return this.schemas === undefined ? messages : readMessagesAs(messages, this.schemas);
  }

  /** One entry per running subscription, for health checks and lag reporting. */
  subscriptionStatus(): EsdbSubscriptionStatus[] {
    return [...this.subscriptions].map((status) => status());
  }

  /** Ends every subscription, then disposes of the client's streams and channel. */
  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closing.signal.aborted) throw new Error('EsdbEventStore is closed');
  }
}

/** The client's connection failures become the port's, so the HTTP shell can answer 503, not 500. */
async function reachable<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof UnavailableError || error instanceof DeadlineExceededError || error instanceof NotLeaderError) {
      throw new EventStoreUnavailableError(error.message);
    }
    throw error;
  }
}
