import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { EventMetadata, Json, NewEvent, RecordedEvent } from './event-store';
import { eventIdFor } from './ids';

export { deterministicId, eventIdFor } from './ids';

/** What a decider returns: the fact without its envelope. */
export interface DomainEvent {
  readonly type: string;
  readonly data: Json;
}

/** Who caused the events and why; comes from the command and the authenticated principal. */
export interface EventContext {
  readonly actor: string;
  readonly occurredAt: string;
  readonly commandId: string;
  readonly commandType: string;
  readonly correlationId: string;
  readonly causationId: string;
}

export interface SealEventsInput {
  readonly stream: string;
  readonly events: readonly DomainEvent[];
  /** Hash of the stream's last event (see lastHashOf), null for a new stream. */
  readonly previousHash: string | null;
  readonly context: EventContext;
  readonly schemaVersion: number;
}

type UnsealedMetadata = Omit<EventMetadata, 'hash'>;

/** Wraps a command's domain events into NewEvents: ids derived from the command's (ids.ts), metadata and the hash chain. */
export function sealEvents(input: SealEventsInput): NewEvent[] {
  const sealed: NewEvent[] = [];
  let prevHash = input.previousHash;
  input.events.forEach((event, index) => {
    const metadata: UnsealedMetadata = {
      eventId: eventIdFor(input.context.commandId, index),
      ...pickContext(input.context),
      schemaVersion: input.schemaVersion,
      prevHash,
    };
    const hash = hashEvent(input.stream, event.type, event.data, metadata);
    sealed.push({ type: event.type, data: event.data, metadata: { ...metadata, hash } });
    prevHash = hash;
  });
  return sealed;
}

/** The hash a new event appended to this stream must chain to. */
export function lastHashOf(streamEvents: readonly RecordedEvent[]): string | null {
  return streamEvents.length === 0 ? null : streamEvents[streamEvents.length - 1].metadata.hash;
}

/** SHA-256 hex over the canonical JSON of the event (metadata without its hash) followed by prevHash. */
export function hashEvent(stream: string, type: string, data: Json, metadata: UnsealedMetadata): string {
  const content = canonicalJson({ stream, type, data, metadata: metadata as unknown as Json });
  return createHash('sha256')
    .update(content + (metadata.prevHash ?? ''))
    .digest('hex');
}

/** Copies only the known fields, so a context object carrying more never leaks into the log. */
function pickContext(context: EventContext): EventContext {
  const { actor, occurredAt, commandId, commandType, correlationId, causationId } = context;
  return { actor, occurredAt, commandId, commandType, correlationId, causationId };
}
