/**
 * The double's transaction log: one ordered array of records, indexed per stream, with the write
 * rules of EventStoreDB's IndexWriter.CheckCommit as we read them (server v23/v24):
 * - a missing stream accepts `any` and `no_stream`; `exists` or a revision is a wrong expected version;
 * - `any`/`exists` on an existing stream: idempotent when every id is in the recent-ids cache for
 *   this stream (the server's cache is bounded, so this is best-effort); the first id unknown means
 *   a normal append; a later one unknown is "corrupted idempotency", answered as wrong expected version;
 * - an exact revision (no_stream is -1) below the current one: idempotent when the ids are the events
 *   right after it, in order; otherwise wrong expected version; above the current one: wrong expected
 *   version; equal: a normal append, ids not checked.
 * An idempotent write appends nothing and answers the last matched event's revision and position.
 *
 * Positions: modern servers commit every event of a write implicitly, so an event's commit and
 * prepare positions are both the byte offset of its record in the log. Offsets start just below
 * 2^53 and grow by a record's approximate size, so positions are large, sparse and cross 2^53.
 */

export type ExpectedRevision =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export interface LogRecord extends ProposedEvent {
  readonly stream: string;
  readonly revision: bigint;
  /** Commit and prepare position alike (see above). */
  readonly position: bigint;
  /** .NET ticks (100 ns) since the Unix epoch, as the server sends `created`. */
  readonly created: bigint;
}

export type AppendOutcome =
  | { readonly kind: 'success'; readonly revision: bigint; readonly position: bigint }
  | { readonly kind: 'wrong_expected_version'; readonly current: bigint };

const NO_STREAM = -1n;
// Odd, so that some offsets past 2^53 cannot be held by a Number (which keeps only even integers there).
const FIRST_OFFSET = 2n ** 53n - 4095n;
const RECORD_OVERHEAD = 90;

export class EventLog {
  readonly records: LogRecord[] = [];
  private readonly streams = new Map<string, LogRecord[]>();
  /** The server's "committed events" cache: event id → where it was written. */
  private readonly recentIds = new Map<string, LogRecord>();
  private readonly listeners = new Set<() => void>();
  private nextOffset = FIRST_OFFSET;

  append(stream: string, expected: ExpectedRevision, events: readonly ProposedEvent[]): AppendOutcome {
    const records = this.streams.get(stream) ?? [];
    const current = BigInt(records.length) - 1n;
    const check = this.check(stream, records, expected, events);
    if (check === 'wrong_expected_version') return { kind: 'wrong_expected_version', current };
    if (check !== 'append') return { kind: 'success', revision: check.revision, position: check.position };
    // Nothing to write (our adapter never asks): the stream stays as it is.
    if (events.length === 0) return { kind: 'success', revision: current, position: this.nextOffset };
    this.streams.set(stream, records);
    const created = BigInt(Date.now()) * 10_000n;
    for (const event of events) this.record(records, { ...event, stream, revision: BigInt(records.length), position: this.nextOffset, created });
    this.listeners.forEach((wake) => wake());
    const last = records[records.length - 1];
    return { kind: 'success', revision: last.revision, position: last.position };
  }

  stream(name: string): readonly LogRecord[] | undefined {
    return this.streams.get(name);
  }

  /** Wakes `listener` after every write; returns the unsubscribe function. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Tampering, for tests of tamper evidence: what someone with the server's files could do to the
   * record at commit position `position`, changed (`change` returns the record to keep in its place)
   * or removed (`change` returns null). Nothing a client can ask of the server does this.
   */
  tamper(position: bigint, change: (record: LogRecord) => LogRecord | null): void {
    const index = this.records.findIndex((record) => record.position === position);
    if (index === -1) throw new Error(`No record at position ${position}`);
    const record = this.records[index] as LogRecord;
    const stream = this.streams.get(record.stream) as LogRecord[];
    const next = change(record);
    const inStream = stream.indexOf(record);
    if (next === null) {
      this.records.splice(index, 1);
      stream.splice(inStream, 1);
    } else {
      this.records[index] = next;
      stream[inStream] = next;
    }
  }

  /** Simulates the bounded id cache losing entries (restart, eviction): `any` retries are no longer recognised. */
  forgetRecentIds(): void {
    this.recentIds.clear();
  }

  private record(streamRecords: LogRecord[], record: LogRecord): void {
    streamRecords.push(record);
    this.records.push(record);
    this.recentIds.set(record.id, record);
    const size = RECORD_OVERHEAD + record.stream.length + record.type.length + record.data.length + record.metadata.length;
    this.nextOffset += BigInt(size);
  }

  private check(
    stream: string,
    existing: readonly LogRecord[],
    expected: ExpectedRevision,
    events: readonly ProposedEvent[],
  ): 'append' | 'wrong_expected_version' | LogRecord {
    const current = BigInt(existing.length) - 1n;
    if (existing.length === 0) return expected.kind === 'any' || expected.kind === 'no_stream' ? 'append' : 'wrong_expected_version';
    if (expected.kind === 'any' || expected.kind === 'exists') return this.checkByCache(stream, events);
    const expectedRevision = expected.kind === 'no_stream' ? NO_STREAM : expected.revision;
    if (expectedRevision > current) return 'wrong_expected_version';
    if (expectedRevision === current) return 'append';
    return checkByPosition(existing, expectedRevision, events);
  }

  private checkByCache(stream: string, events: readonly ProposedEvent[]): 'append' | 'wrong_expected_version' | LogRecord {
    let last: LogRecord | undefined;
    for (const [index, event] of events.entries()) {
      const known = this.recentIds.get(event.id);
      if (!known || known.stream !== stream) return index === 0 ? 'append' : 'wrong_expected_version';
      last = known;
    }
    return last ?? 'append';
  }
}

function checkByPosition(existing: readonly LogRecord[], expected: bigint, events: readonly ProposedEvent[]): 'wrong_expected_version' | LogRecord {
  let last: LogRecord | undefined;
  for (const [index, event] of events.entries()) {
    const stored = existing[Number(expected) + 1 + index];
    if (!stored || stored.id !== event.id) return 'wrong_expected_version';
    last = stored;
  }
  return last ?? 'wrong_expected_version';
}
