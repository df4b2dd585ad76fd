import { assertExpectedRevision, findIdempotentResult } from '../append-rules';
import { AppendResult } from '../event-store';
import { EventQueries } from './event-queries';
import { AppendRequest } from './group-commit';

/**
 * One append of a group, inside its savepoint: the same rules, in the same order, as every adapter.
 * Whichever thread writes the log runs this on its own connection's queries.
 */
export function appendOne(queries: EventQueries, { stream, events, expected }: AppendRequest): AppendResult {
  const repeated = findIdempotentResult(stream, events, (eventId) => queries.findByEventId(eventId));
  if (repeated) return repeated;
  let revision = queries.streamRevision(stream);
  assertExpectedRevision(stream, expected, revision);
  const recordedAt = new Date().toISOString();
  let position = '';
  for (const event of events) {
    revision += 1;
    position = queries.insert(stream, revision, event, recordedAt);
  }
  return { revision, position };
}
