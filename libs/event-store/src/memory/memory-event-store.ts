import {
  assertExpectedRevision,
  assertValidBatch,
  findIdempotentResult,
  NO_STREAM_REVISION,
  StoredEventRef,
} from '../append-rules';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamFilter,
  SubscribeOptions,
  SubscriptionMessage,
} from '../event-store';
import { Position, sequenceOf, sequencePosition } from '../position';
import { ChangeNotifier } from '../subscription/change-notifier';
import { subscribeToLog } from '../subscription/log-subscription';
import { closingController } from '../subscription/signals';
import { readEventsAs, type EventSchemas } from '../upcasting/read-as-current';

export interface MemoryEventStoreOptions {
  /** Events read per subscription page; small values make paging visible in tests. */
  readonly pageSize?: number;
  /** Clock for `recordedAt` only (store time, never business time). */
  readonly now?: () => Date;
  /** The shapes of the events read (ADR 21): older versions read in the current one. None: read as stored. */
  readonly schemas?: EventSchemas;
}

/**
 * The event store for tests: same semantics as the SQLite adapter (one contract suite proves it),
 * no I/O. Events are copied through JSON on the way in, as a real store would, and frozen, so a
 * caller mutating its own objects cannot rewrite history.
 */
export class MemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byEventId = new Map<string, StoredEventRef>();
  private readonly notifier = new ChangeNotifier();
  private readonly closing = closingController();
  private readonly pageSize: number;
  private readonly now: () => Date;
  private readonly schemas: EventSchemas | undefined;

  constructor(options: MemoryEventStoreOptions = {}) {
    this.schemas = options.schemas;
    this.pageSize = options.pageSize ?? 100;
    this.now = options.now ?? (() => new Date());
  }

  async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    assertValidBatch(stream, events);
    const repeated = findIdempotentResult(stream, events, (id) => this.byEventId.get(id));
    if (repeated) return repeated;
    assertExpectedRevision(stream, expected, this.revisionOf(stream));
    // Copy every event before recording any, so one that cannot be serialised appends nothing.
    const copies = events.map((event) => JSON.parse(JSON.stringify(event)) as NewEvent);
    const recorded = copies.map((event) => this.record(stream, event));
    this.notifier.notify();
    const last = recorded[recorded.length - 1];
    return { revision: last.revision, position: last.position };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events = this.streams.get(stream) ?? [];
    const max = options.max ?? Infinity;
    if (options.direction === 'backwards') {
      const from = options.from ?? Infinity;
      return readEventsAs(events.filter((event) => event.revision <= from).reverse().slice(0, max), this.schemas, options);
    }
    const from = options.from ?? 0;
    return readEventsAs(events.filter((event) => event.revision >= from).slice(0, max), this.schemas, options);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    // Positions are 1-based indexes into the log, so `after` is where the scan starts.
    const start = options.after ? sequenceOf(options.after) : 0;
    const max = options.max ?? Infinity;
    const result: RecordedEvent[] = [];
    for (let index = start; index < this.log.length && result.length < max; index++) {
      const event = this.log[index];
      if (passes(options.filter, event.stream)) result.push(event);
    }
    return readEventsAs(result, this.schemas, options);
  }

  subscribe(options: SubscribeOptions = {}): AsyncIterable<SubscriptionMessage> {
    return subscribeToLog(this, options, {
      pageSize: this.pageSize,
      startPosition: sequencePosition(0),
      notifier: this.notifier,
      pollIntervalMs: null,
      closed: this.closing.signal,
    });
  }

  async headPosition(): Promise<Position | null> {
    return this.log.length === 0 ? null : sequencePosition(this.log.length);
  }

  async close(): Promise<void> {
    this.closing.abort();
  }

  private record(stream: string, event: NewEvent): RecordedEvent {
    const streamEvents = this.streams.get(stream) ?? [];
    this.streams.set(stream, streamEvents);
    const recorded: RecordedEvent = deepFreeze({
      ...event,
      stream,
      revision: streamEvents.length,
      position: sequencePosition(this.log.length + 1),
      recordedAt: this.now().toISOString(),
    });
    this.log.push(recorded);
    streamEvents.push(recorded);
    this.byEventId.set(event.metadata.eventId, recorded);
    return recorded;
  }

  private revisionOf(stream: string): number {
    const events = this.streams.get(stream);
    return events ? events.length - 1 : NO_STREAM_REVISION;
  }

  private assertOpen(): void {
    if (this.closing.signal.aborted) throw new Error('MemoryEventStore is closed');
  }
}

function passes(filter: StreamFilter | undefined, stream: string): boolean {
  return filter === undefined || filter.streamPrefixes.some((prefix) => stream.startsWith(prefix));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
