import {
  AppendResult,
  ConcurrencyError,
  DuplicateEventIdError,
  EmptyAppendError,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamFilter,
  SubscribeOptions,
  SubscriptionMessage,
} from '../../event-store';
import { comparePositions, Position } from '../../position';

/**
 * Makes a store on a real, non-empty EventStoreDB look empty to the contract suite: stream names
 * get a per-test prefix, and the global log starts after the head as it was when this opened.
 * Assumes nothing else appends events of ours to that server while a test runs (system events are
 * fine), because the head is global: run it against a dedicated test server.
 */
export async function namespacedEventStore(inner: EventStore, namespace: string): Promise<EventStore> {
  return new NamespacedEventStore(inner, namespace, await inner.headPosition());
}

class NamespacedEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly namespace: string,
    private readonly start: Position | null,
  ) {}

  async append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    try {
      return await this.inner.append(this.namespace + stream, events, expected);
    } catch (error) {
      throw this.withoutNamespace(error);
    }
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readStream(this.namespace + stream, options)).map((event) => this.strip(event));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const events = await this.inner.readAll({ ...options, after: options.after ?? this.start, filter: this.scoped(options.filter) });
    return events.map((event) => this.strip(event));
  }

  async *subscribe(options: SubscribeOptions = {}): AsyncIterable<SubscriptionMessage> {
    const inner = this.inner.subscribe({ ...options, after: options.after ?? this.start, filter: this.scoped(options.filter) });
    for await (const message of inner) yield message.kind === 'event' ? { kind: 'event', event: this.strip(message.event) } : message;
  }

  async headPosition(): Promise<Position | null> {
    const head = await this.inner.headPosition();
    return head !== null && (this.start === null || comparePositions(head, this.start) > 0) ? head : null;
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private scoped(filter: StreamFilter | undefined): StreamFilter {
    return { streamPrefixes: filter ? filter.streamPrefixes.map((prefix) => this.namespace + prefix) : [this.namespace] };
  }

  private strip(event: RecordedEvent): RecordedEvent {
    return { ...event, stream: event.stream.slice(this.namespace.length) };
  }

  private withoutNamespace(error: unknown): unknown {
    const name = (stream: string): string => stream.slice(this.namespace.length);
    if (error instanceof ConcurrencyError) return new ConcurrencyError(name(error.stream), error.expected, error.actual);
    if (error instanceof DuplicateEventIdError) return new DuplicateEventIdError(name(error.stream), error.eventId);
    if (error instanceof EmptyAppendError) return new EmptyAppendError(name(error.stream));
    return error;
  }
}
