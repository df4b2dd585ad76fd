import type { Decider } from '@itsm/domain';
import { ConcurrencyError, sealEvents, type EventStore, type Json, type Position, type RecordedEvent } from '@itsm/event-store';
import { ProblemException } from '@itsm/platform';

/** What the HTTP shell knows about a command besides its content. */
export interface CommandEnvelope {
  /** From Idempotency-Key (scoped to the actor) or random: event ids derive from it. */
  readonly commandId: string;
  readonly correlationId: string;
  readonly actor: string;
  readonly occurredAt: string;
  /** From If-Match: the client's view of the stream; no automatic retry when given. */
  readonly expectedRevision?: number;
}

export interface CommandOutcome {
  readonly revision: number;
  readonly position: Position;
  /** True when the command had already been applied (a retry) and nothing was appended. */
  readonly replayed: boolean;
}

export interface DecideOptions {
  readonly conflictRetries: number;
  readonly schemaVersion: number;
}

type DomainEvent = { readonly type: string; readonly data: unknown };

/**
 * The whole write path of every aggregate: load the stream, fold, decide, append with the revision
 * that was read. A conflict means someone appended in between; without If-Match we decide again on
 * the fresh history (bounded), with If-Match the client's precondition failed and it must re-read.
 */
export async function decideAndAppend<C extends { readonly type: string }, E extends DomainEvent, S>(
  store: EventStore,
  decider: Decider<C, E, S>,
  stream: string,
  command: C,
  envelope: CommandEnvelope,
  options: DecideOptions,
): Promise<CommandOutcome> {
  for (let attempt = 0; ; attempt++) {
    const history = await store.readStream(stream);
    const earlier = history.filter((event) => event.metadata.commandId === envelope.commandId);
    if (earlier.length > 0) return replayedOutcome(earlier, command.type);
    const current = history.length - 1;
    if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== current) {
      throw new ConcurrencyError(stream, envelope.expectedRevision, current);
    }
    const state = history.reduce((s, event) => decider.evolve(s, event as unknown as E), decider.initialState);
    const decided = decider.decide(command, state);
    const last = history.at(-1);
    // A decision with nothing to record changes nothing; the store rightly refuses empty appends.
    if (decided.length === 0 && last) return { revision: last.revision, position: last.position, replayed: false };
    const events = sealEvents({
      stream,
      events: decided.map((event) => ({ type: event.type, data: event.data as Json })),
      previousHash: last?.metadata.hash ?? null,
      schemaVersion: options.schemaVersion,
      context: { ...envelope, commandType: command.type, causationId: envelope.commandId },
    });
    try {
      const result = await store.append(stream, events, current < 0 ? 'no_stream' : current);
      return { ...result, replayed: false };
    } catch (error) {
      const retry = error instanceof ConcurrencyError && envelope.expectedRevision === undefined && attempt < options.conflictRetries;
      if (!retry) throw error;
    }
  }
}

function replayedOutcome(earlier: readonly RecordedEvent[], commandType: string): CommandOutcome {
  const last = earlier[earlier.length - 1] as RecordedEvent;
  if (last.metadata.commandType !== commandType) {
    throw new ProblemException(422, 'idempotency.key_reused', `This Idempotency-Key was already used for ${last.metadata.commandType}`, [
      { field: 'Idempotency-Key', reason: `already used for ${last.metadata.commandType}` },
    ]);
  }
  return { revision: last.revision, position: last.position, replayed: true };
}
