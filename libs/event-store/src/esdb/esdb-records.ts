import { jsonEvent, type EventData, type JSONType, type ResolvedEvent } from '@eventstore/db-client';
import { EventMetadata, Json, NewEvent, RecordedEvent, StreamFilter } from '../event-store';
import { esdbPosition } from './esdb-position';

/** An event as the client reads it: from a stream or from $all, both carry a position on servers we support. */
export type ClientEvent = NonNullable<ResolvedEvent['event']>;

/**
 * The server's own events ($metadata, $stats, projection bookkeeping, links `$>`) have a type or a
 * stream starting with `$`; they are never ours and never part of our log.
 */
export function isSystemEvent(event: Pick<ClientEvent, 'type' | 'streamId'>): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

/** Literal prefixes, like every adapter; an empty list matches nothing. */
export function passesFilter(filter: StreamFilter | undefined, stream: string): boolean {
  return filter === undefined || filter.streamPrefixes.some((prefix) => stream.startsWith(prefix));
}

/** Our event id becomes the EventStoreDB event id, which is what the server's idempotency keys on. */
export function toEventData(event: NewEvent): EventData {
  return jsonEvent({
    id: event.metadata.eventId,
    type: event.type,
    // The client types JSON data as an object, array or string; numbers, booleans and null serialise the same way.
    data: event.data as JSONType,
    metadata: event.metadata as unknown as JSONType,
  });
}

/**
 * This store writes JSON only, so data and metadata are taken as parsed by the client.
 * `created` (the server's clock, 100 ns ticks) is kept to the millisecond, which is what Date holds.
 */
export function toRecordedEvent(event: ClientEvent): RecordedEvent {
  if (!event.position) throw new Error(`The server sent event ${event.id} of ${event.streamId} without a position`);
  return {
    type: event.type,
    data: event.data as Json,
    metadata: event.metadata as unknown as EventMetadata,
    stream: event.streamId,
    revision: Number(event.revision),
    position: esdbPosition(event.position.commit, event.position.prepare),
    recordedAt: event.created.toISOString(),
  };
}
