import { DomainError, type Decider } from '@itsm/domain';
import { ConcurrencyError, sealEvents, type Json, type NewEvent, type RecordedEvent } from '@itsm/event-store/port';
import type { CommandEnvelope, WriteOutcome } from './command-envelope';
import { IdempotencyKeyReusedError } from './idempotency-registry';
import type { LoadedStream } from './load-stream';
import { PreconditionFailedError } from './precondition-failed';

/**
 * The write path's pure steps (write-path.ts runs them in order, with the I/O between): what a
 * request asks of the revision it finds, how decided events are sealed, and what an attempt answers.
 */

export type DomainEvent = { readonly type: string; readonly data: unknown };

/** The decided events as they will be stored: deterministic ids, metadata, and the stream's hash chain. */
export function sealDecided<S>(
  stream: string,
  loaded: LoadedStream<S>,
  decided: readonly DomainEvent[],
  envelope: CommandEnvelope,
  schemaVersion: number,
  commandType: string,
): NewEvent[] {
  const { actor, occurredAt, commandId, correlationId } = envelope;
  const causationId = envelope.causationId ?? commandId;
  return sealEvents({
    stream,
    events: decided.map((event) => ({ type: event.type, data: event.data as Json })),
    previousHash: loaded.lastHash,
    schemaVersion,
    context: { actor, occurredAt, commandId, commandType, correlationId, causationId },
  });
}

/** The stream is named by an id this request made (never a key's, which a retry derives again): it has no events. */
export function isNew(stream: string, envelope: CommandEnvelope): boolean {
  return envelope.newStream === stream && envelope.repeatable === undefined;
}

/** A stream with nothing recorded, as a load of it would find it (not cached: the append caches what it records). */
export function nothingYet<S>(decider: Decider<unknown, DomainEvent, S>): LoadedStream<S> {
  return { revision: -1, state: decider.initialState, lastHash: null, lastPosition: null, recordedByCommand: [] };
}

/** Why a claim was given back: the refusal's stable code, if it has one. */
export function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'refused';
}

export function assertExpectedRevision(stream: string, envelope: CommandEnvelope, current: number): void {
  if (envelope.expectedRevision !== undefined && envelope.expectedRevision !== current) {
    throw new ConcurrencyError(stream, envelope.expectedRevision, current);
  }
  const { ifMatch } = envelope;
  if (ifMatch !== undefined && !(ifMatch === '*' ? current >= 0 : ifMatch.includes(current))) throw new PreconditionFailedError(stream, ifMatch, current);
}

export function replayOf(stream: string, recorded: readonly RecordedEvent[], commandType: string): WriteOutcome {
  const last = recorded[recorded.length - 1] as RecordedEvent;
  // Only a key used before the registry existed can get here for another command.
  if (last.metadata.commandType !== commandType) {
    throw new IdempotencyKeyReusedError({ commandId: last.metadata.commandId, requestHash: '', stream, commandType: last.metadata.commandType, streamRevision: -1 });
  }
  return { revision: last.revision, position: last.position, replayed: true, events: recorded };
}

/** A decision with nothing to record changes nothing; the store rightly refuses empty appends. */
export function unchanged<S>(stream: string, loaded: LoadedStream<S>): WriteOutcome {
  if (loaded.lastPosition === null) throw new Error(`A command on ${stream}, which has no events, decided nothing`);
  return { revision: loaded.revision, position: loaded.lastPosition, replayed: false, events: [] };
}

/** A command's failure as metrics count it: a rule refused it, it lost a race, or something else failed. */
export function outcomeOf(error: unknown): 'refused' | 'conflict' | 'failed' {
  if (error instanceof ConcurrencyError || error instanceof PreconditionFailedError) return 'conflict';
  return error instanceof DomainError || error instanceof IdempotencyKeyReusedError ? 'refused' : 'failed';
}
