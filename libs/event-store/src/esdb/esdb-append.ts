import {
  ANY,
  EventStoreDBClient,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
} from '@eventstore/db-client';
import { assertValidBatch, findIdempotentResult, NO_STREAM_REVISION, StoredEventRef } from '../append-rules';
import { AppendResult, ConcurrencyError, ExpectedRevision, NewEvent } from '../event-store';
import { fromClientPosition } from './esdb-position';
import { EsdbReads } from './esdb-reads';
import { toEventData } from './esdb-records';

/**
 * Appends with the rules every adapter shares (append-rules.ts), in the same order: valid batch,
 * then idempotent retry, then expected revision (ADR 6, as revised in ADR 10).
 *
 * At an exact revision (or `no_stream`) the server's own check is the rule: a batch whose ids are
 * the events right after the expected revision is answered with their result, and anything else at
 * a revision that is not the stream's is a wrong expected version. That costs one round trip,
 * whatever the stream's length, which is what every command uses. Under `any`/`exists` the server
 * only knows ids still in a bounded cache, so the stream is read first and the shared rule decides;
 * that read is linear in the stream, and our write path never asks for it.
 *
 * Known difference: EventStoreDB has no index of event ids across streams, so ids already used in
 * ANOTHER stream are not detected (SQLite and memory throw DuplicateEventIdError). Our ids derive
 * from the command id, and the write path binds each command id to one stream (the idempotency
 * registry), so this takes two commands sharing an id.
 */
export async function appendToEsdb(
  client: EventStoreDBClient,
  reads: EsdbReads,
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  assertValidBatch(stream, events);
  const exact = expected === 'no_stream' || typeof expected === 'number';
  if (!exact) {
    const repeated = await findRepeatedAppend(reads, stream, events);
    if (repeated) return repeated;
  }
  try {
    const result = await client.appendToStream(stream, events.map(toEventData), { expectedRevision: toClientExpected(expected) });
    // A server-side idempotent answer may carry no position (when the original write is not yet
    // replicated); the stream has it, right after the expected revision when that was exact.
    if (!result.position) return (await findRepeatedAppend(reads, stream, events, exact ? revisionOf(expected) + 1 : 0)) ?? missingPosition(stream);
    return { revision: Number(result.nextExpectedRevision), position: fromClientPosition(result.position) };
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    if (!exact) {
      const repeated = await findRepeatedAppend(reads, stream, events);
      if (repeated) return repeated;
    }
    throw new ConcurrencyError(stream, expected, actualRevision(error));
  }
}

/** The original result when the batch repeats an earlier append to this stream; see findIdempotentResult. */
async function findRepeatedAppend(reads: EsdbReads, stream: string, events: readonly NewEvent[], from = 0): Promise<AppendResult | null> {
  const stored = new Map<string, StoredEventRef>();
  const window = from > 0 ? { from, max: events.length } : {};
  for (const event of await reads.readStream(stream, window)) {
    stored.set(event.metadata.eventId, { stream, revision: event.revision, position: event.position });
  }
  return findIdempotentResult(stream, events, (eventId) => stored.get(eventId));
}

function revisionOf(expected: ExpectedRevision): number {
  return expected === 'no_stream' ? NO_STREAM_REVISION : (expected as number);
}

function toClientExpected(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'any':
      return ANY;
    case 'exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

function actualRevision(error: WrongExpectedVersionError): number {
  return typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : NO_STREAM_REVISION;
}

function missingPosition(stream: string): never {
  throw new Error(`EventStoreDB accepted an append to ${stream} without a position, and the stream does not show it`);
}
