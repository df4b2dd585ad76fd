import { deterministicId, sealEvents, type DomainEvent } from '../envelope';
import type { AppendResult, EventStore, ExpectedRevision, RecordedEvent } from '../event-store';

/**
 * The system's own facts about the log (its checkpoints, its integrity alarms) are events like any
 * other: sealed into their stream's hash chain, with a deterministic id, so a retried append adds
 * nothing, and covered by the next checkpoint.
 */
export interface SystemFact {
  readonly stream: string;
  readonly event: DomainEvent;
  /** Who recorded it, e.g. `system:log-checkpointer`. */
  readonly actor: string;
  readonly at: string;
  /** What makes this fact this one: the event id derives from it. */
  readonly identity: readonly string[];
  readonly schemaVersion: number;
}

/** Appends after `last` (the stream's last event, null for a new stream); throws ConcurrencyError if the stream moved. */
export function appendSystemFact(store: EventStore, fact: SystemFact, last: RecordedEvent | null): Promise<AppendResult> {
  const commandId = deterministicId(fact.stream, ...fact.identity);
  const sealed = sealEvents({
    stream: fact.stream,
    events: [fact.event],
    previousHash: last?.metadata.hash ?? null,
    schemaVersion: fact.schemaVersion,
    context: { actor: fact.actor, occurredAt: fact.at, commandId, commandType: fact.event.type, correlationId: commandId, causationId: commandId },
  });
  const expected: ExpectedRevision = last === null ? 'no_stream' : last.revision;
  return store.append(fact.stream, sealed, expected);
}

export async function lastEventOf(store: EventStore, stream: string): Promise<RecordedEvent | null> {
  const [last] = await store.readStream(stream, { direction: 'backwards', max: 1 });
  return last ?? null;
}
