import type { Position, RecordedEvent } from '@itsm/event-store/port';

/** What the shell knows about a command besides its content. */
export interface CommandEnvelope {
  /** Event ids derive from it: from the client's Idempotency-Key (scoped to the actor), a step's parent, or random. */
  readonly commandId: string;
  readonly correlationId: string;
  /** The event that caused the command, for a reaction; a person's command is its own cause (commandId). */
  readonly causationId?: string;
  readonly actor: string;
  readonly occurredAt: string;
  /**
   * The exact revision the stream must be at (a step that read it, like recovery): a
   * ConcurrencyError otherwise, and no automatic retry.
   */
  readonly expectedRevision?: number;
  /**
   * From HTTP If-Match: the stream must exist (`*`), or be at one of these revisions; a
   * PreconditionFailedError (412) otherwise. With revisions, no automatic retry.
   */
  readonly ifMatch?: '*' | readonly number[];
  /**
   * How a repeat of `commandId` is recognised. `key`: it came from an Idempotency-Key, and the
   * registry remembers which request the key was first used for. `stream`: a step of a multi-stream
   * command, found by scanning its own short stream. Absent: a random id, which cannot repeat.
   */
  readonly repeatable?: 'key' | 'stream';
  /**
   * The stream this command opens under an id made for this request (a new record without an
   * Idempotency-Key): nothing can be recorded on it yet, so it is not read before the first attempt,
   * whose append expects `no_stream` (the store still refuses it if the stream exists). Ignored with
   * a key, whose id a retry derives again, and for any other stream the command writes.
   */
  readonly newStream?: string;
}

/** An event as this command recorded it. */
export type WrittenEvent = Pick<RecordedEvent, 'type' | 'data' | 'metadata' | 'revision' | 'storedData'>;

export interface WriteOutcome {
  readonly revision: number;
  readonly position: Position;
  /** The command had been seen before (same key, same request): nothing new was decided for it. */
  readonly replayed: boolean;
  /** What the command recorded (on a replay, what its first run recorded), so nobody reads it back. */
  readonly events: readonly WrittenEvent[];
}
