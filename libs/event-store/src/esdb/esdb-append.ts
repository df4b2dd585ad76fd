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
 * then idempotent retry, then expected revision.
 *
 * The server's own idempotency is not enough: under `any`/`exists` it only knows ids still in a
 * bounded cache, and at an exact revision equal to the stream's it does not look at ids at all
 * (a command re-decided after its first append succeeded would append twice). So the stream is read
 * first and the shared rule decides. `no_stream` skips that read: the append can only succeed on a
 * stream that did not exist, so none of the ids can be in it.
 *
 * After a wrong expected version the stream is read again: a concurrent retry of the same command
 * may have appended these ids in between, which must answer with the original result.
 *
 * Known difference: EventStoreDB has no index of event ids across streams, so ids already used in
 * ANOTHER stream are not detected (SQLite and memory throw DuplicateEventIdError). Our ids derive
 * from the command id, and a command writes one stream, so this takes two commands sharing an id.
 */
export async function appendToEsdb(
  client: EventStoreDBClient,
  reads: EsdbReads,
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): Promise<AppendResult> {
  assertValidBatch(stream, events);
  if (expected !== 'no_stream') {
    const repeated = await findRepeatedAppend(reads, stream, events);
    if (repeated) return repeated;
  }
  try {
    const result = await client.appendToStream(stream, events.map(toEventData), { expectedRevision: toClientExpected(expected) });
    // A server-side idempotent answer may carry no position (when the original write is not yet
    // replicated); the stream has it.
    if (!result.position) return (await findRepeatedAppend(reads, stream, events)) ?? missingPosition(stream);
    return { revision: Number(result.nextExpectedRevision), position: fromClientPosition(result.position) };
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    const repeated = await findRepeatedAppend(reads, stream, events);
    if (repeated) return repeated;
    throw new ConcurrencyError(stream, expected, actualRevision(error));
  }
}

/** The original result when the batch repeats an earlier append to this stream; see findIdempotentResult. */
async function findRepeatedAppend(reads: EsdbReads, stream: string, events: readonly NewEvent[]): Promise<AppendResult | null> {
  const stored = new Map<string, StoredEventRef>();
  for (const event of await reads.readStream(stream)) {
    stored.set(event.metadata.eventId, { stream, revision: event.revision, position: event.position });
  }
  return findIdempotentResult(stream, events, (eventId) => stored.get(eventId));
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
