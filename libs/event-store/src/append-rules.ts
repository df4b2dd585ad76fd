import {
  AppendResult,
  ConcurrencyError,
  DuplicateEventIdError,
  EmptyAppendError,
  ExpectedRevision,
  NewEvent,
} from './event-store';
import { Position } from './position';

/**
 * The append rules every adapter applies in the same order, so they behave identically:
 * 1. the batch itself must be valid (non-empty, no id twice);
 * 2. a batch that repeats an earlier append is answered with that append's result, under any
 *    expected revision (a retried command must succeed even though the stream has moved on);
 * 3. only then is the expected revision checked.
 */

/** Where an already stored event sits; what adapters look up by event id. */
export interface StoredEventRef {
  readonly stream: string;
  readonly revision: number;
  readonly position: Position;
}

/** -1 is the revision of a stream that does not exist. */
export const NO_STREAM_REVISION = -1;

export function assertValidBatch(stream: string, events: readonly NewEvent[]): void {
  if (events.length === 0) throw new EmptyAppendError(stream);
  const seen = new Set<string>();
  for (const event of events) {
    const id = event.metadata.eventId;
    if (seen.has(id)) throw new DuplicateEventIdError(stream, id);
    seen.add(id);
  }
}

/**
 * The original result when the batch's ids are exactly an earlier append to this stream (same
 * ids, same order, contiguous revisions); null when none of the ids exist. Any other overlap
 * means two different commands produced the same ids, which must not pass silently.
 */
export function findIdempotentResult(
  stream: string,
  events: readonly NewEvent[],
  lookup: (eventId: string) => StoredEventRef | undefined,
): AppendResult | null {
  const refs = events.map((event) => lookup(event.metadata.eventId));
  const firstFound = refs.findIndex((ref) => ref !== undefined);
  if (firstFound === -1) return null;
  const first = refs[0];
  const repeatsOneAppend =
    first !== undefined &&
    refs.every((ref, index) => ref !== undefined && ref.stream === stream && ref.revision === first.revision + index);
  if (!repeatsOneAppend) throw new DuplicateEventIdError(stream, events[firstFound].metadata.eventId);
  const last = refs[refs.length - 1] as StoredEventRef;
  return { revision: last.revision, position: last.position };
}

/** `current` is the stream's revision now, NO_STREAM_REVISION when it does not exist. */
export function assertExpectedRevision(stream: string, expected: ExpectedRevision, current: number): void {
  if (!matchesExpected(expected, current)) throw new ConcurrencyError(stream, expected, current);
}

function matchesExpected(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === NO_STREAM_REVISION;
    case 'exists':
      return current !== NO_STREAM_REVISION;
    default:
      return expected === current;
  }
}
