import type { Position, RecordedEvent } from '@itsm/event-store';

/** What the shell knows about a command besides its content. */
export interface CommandEnvelope {
  /** Event ids derive from it: from the client's Idempotency-Key (scoped to the actor), a step's parent, or random. */
  readonly commandId: string;
  readonly correlationId: string;
  readonly actor: string;
  readonly occurredAt: string;
  /** From If-Match: the client's view of the stream; no automatic retry when given. */
  readonly expectedRevision?: number;
  /**
   * How a repeat of `commandId` is recognised. `key`: it came from an Idempotency-Key, and the
   * registry remembers which request the key was first used for. `stream`: a step of a multi-stream
   * command, found by scanning its own short stream. Absent: a random id, which cannot repeat.
   */
  readonly repeatable?: 'key' | 'stream';
}

/** An event as this command recorded it. */
export type WrittenEvent = Pick<RecordedEvent, 'type' | 'data' | 'metadata' | 'revision'>;

export interface WriteOutcome {
  readonly revision: number;
  readonly position: Position;
  /** The command had been seen before (same key, same request): nothing new was decided for it. */
  readonly replayed: boolean;
  /** What the command recorded (on a replay, what its first run recorded), so nobody reads it back. */
  readonly events: readonly WrittenEvent[];
}
