import { Position } from './position';

/** JSON that survives a round trip through any store. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** What every stored event carries besides its type and data (see ARCHITECTURE.md, "Events on the wire"). */
export interface EventMetadata {
  readonly eventId: string;
  /** The authenticated principal (the token's subject), never taken from a request body. */
  readonly actor: string;
  /** Business time of the fact, from the command; replay never reads the clock. */
  readonly occurredAt: string;
  readonly commandId: string;
  readonly commandType: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly schemaVersion: number;
  /** Hash chain: SHA-256 over the canonical JSON of the event and the previous event's hash in the stream. */
  readonly prevHash: string | null;
  readonly hash: string;
}

export interface NewEvent {
  readonly type: string;
  readonly data: Json;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  readonly stream: string;
  /** 0-based index of the event in its stream. */
  readonly revision: number;
  /** Opaque, totally ordered position in the global log. */
  readonly position: Position;
  /** When the store wrote it (wall clock of the store, for lag; not a business time). */
  readonly recordedAt: string;
  /**
   * The data as stored and hashed, when `data` is not: personal fields sealed in the log read in
   * clear, or as erased (ADR 20), or an older schema version's data read in the current shape
   * (ADR 21). The chain checks hash this; absent, `data` is as stored.
   */
  readonly storedData?: Json;
  /**
   * Set when `data` was upcast (ADR 21): the schema version whose shape `data` has. The event was
   * stored at `metadata.schemaVersion`, as `storedData`. Absent, `data` has the shape it was stored in.
   */
  readonly upcastTo?: number;
}

/** `revision` is the revision the stream must have now (that of its last event). */
export type ExpectedRevision = 'no_stream' | 'any' | 'exists' | number;

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  readonly revision: number;
  /** Position of the last event appended. */
  readonly position: Position;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive); default: the start (forwards) or the end (backwards). */
  readonly from?: number;
  readonly direction?: 'forwards' | 'backwards';
  readonly max?: number;
  /** The events exactly as stored, not upcast (ADR 21): for what checks bytes, not shapes (verification). */
  readonly asStored?: boolean;
}

export interface ReadAllOptions {
  /** Read events strictly after this position; default: the start of the log. */
  readonly after?: Position | null;
  readonly max?: number;
  readonly filter?: StreamFilter;
  /** The events exactly as stored, not upcast (ADR 21): for what checks bytes, not shapes (verification). */
  readonly asStored?: boolean;
}

export interface StreamFilter {
  /** Only events of streams whose name starts with one of these prefixes. */
  readonly streamPrefixes: readonly string[];
}

export interface SubscribeOptions {
  readonly after?: Position | null;
  readonly filter?: StreamFilter;
  /** Ends the iteration (the iterator returns) when aborted. */
  readonly signal?: AbortSignal;
}

/**
 * A subscription yields events in global order, and checkpoints: a checkpoint says every event up to
 * `position` that passes the filter has been delivered (so a filtered reader can still advance), and
 * `caughtUp` says the reader has reached the head of the log as it stood then.
 */
export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  | { readonly kind: 'checkpoint'; readonly position: Position; readonly caughtUp: boolean };

export interface EventStore {
  /**
   * Appends atomically, or throws ConcurrencyError when the stream is not at `expected`.
   * A batch whose event ids are already the stream's (a retried append) appends nothing and
   * returns the original result: at an exact revision, when they are the events right after it
   * (every adapter); anywhere in the stream under 'any'/'exists', and at any revision on SQLite and
   * memory, which index ids. A command decided again at a later revision is recognised by the write
   * path, not here (ADR 10).
   */
  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** A missing stream reads as empty. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up then live; pulls a page only when the consumer asks for more (backpressure). */
  subscribe(options?: SubscribeOptions): AsyncIterable<SubscriptionMessage>;
  /** Position of the last event in the log, or null when it is empty. */
  headPosition(): Promise<Position | null>;
  close(): Promise<void>;
}

export class ConcurrencyError extends Error {
  readonly code = 'concurrency.wrong_expected_revision';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`Stream ${stream} is at revision ${actual}, expected ${String(expected)}`);
    this.name = 'ConcurrencyError';
  }
}

/** Some but not all of a batch's event ids were appended before: a different command reused ids. */
export class DuplicateEventIdError extends Error {
  readonly code = 'event_store.duplicate_event_id';
  constructor(readonly stream: string, readonly eventId: string) {
    super(`Event ${eventId} already exists and the batch does not repeat an earlier append to ${stream}`);
    this.name = 'DuplicateEventIdError';
  }
}

/**
 * An append must carry at least one event: an empty batch has no event ids to make a retry
 * idempotent and no position to answer with, so a handler whose decision produced nothing should
 * not call `append` at all.
 */
export class EmptyAppendError extends Error {
  readonly code = 'event_store.empty_append';
  constructor(readonly stream: string) {
    super(`Refusing to append an empty batch to ${stream}`);
    this.name = 'EmptyAppendError';
  }
}

/** The store cannot be reached now (connection refused, no leader, deadline passed); retrying later may work. */
export class EventStoreUnavailableError extends Error {
  readonly code = 'event_store.unavailable';
  constructor(reason: string) {
    super(`The event store is unavailable: ${reason}`);
    this.name = 'EventStoreUnavailableError';
  }
}
