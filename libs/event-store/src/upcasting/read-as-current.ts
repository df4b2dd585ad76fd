import type { Json, RecordedEvent, SubscriptionMessage } from '../event-store';

/**
 * What the store needs to know of the shapes of the events it reads (ADR 21). The domain owns the
 * shapes and implements this (`DOMAIN_EVENT_SCHEMAS`); the store only asks it, at its reads.
 */
export interface EventSchemas {
  /** The schema version events of this type are written at now; undefined for a type these schemas do not know (read as stored). */
  currentVersion(type: string): number | undefined;
  /**
   * The data of a `type` event stored at `storedVersion`, in the current shape: every step after
   * `storedVersion` applied in turn. Pure; returns `data` itself when no step applies.
   */
  upcast(type: string, storedVersion: number, data: Json): Json;
}

/**
 * An event stored by a newer version of the code than this one: its shape is unknown here, and
 * reading it as the shape this code knows could mis-read it. Refused, never guessed.
 */
export class EventSchemaTooNewError extends Error {
  readonly code = 'event_store.schema_too_new';
  constructor(
    readonly stream: string,
    readonly revision: number,
    readonly type: string,
    readonly storedVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `${stream} revision ${revision}: ${type} was stored at schema version ${storedVersion}, and this code knows version ${knownVersion} at most; ` +
        'run the version of the code that wrote it (this one would mis-read it)',
    );
    this.name = 'EventSchemaTooNewError';
  }
}

/**
 * The event as every reader sees it: its data in the current shape, or as stored when already
 * current. What was stored stays in `storedData` (which the chain checks hash) and
 * `metadata.schemaVersion` (which the hash covers); `upcastTo` says the data was upcast. An event
 * already read (upcastTo set) is returned as it is, so reading twice changes nothing.
 */
export function readAsCurrent(event: RecordedEvent, schemas: EventSchemas | undefined): RecordedEvent {
  if (schemas === undefined || event.upcastTo !== undefined) return event;
  const current = schemas.currentVersion(event.type);
  if (current === undefined) return event;
  const stored = event.metadata.schemaVersion;
  if (stored > current) throw new EventSchemaTooNewError(event.stream, event.revision, event.type, stored, current);
  if (stored === current) return event;
  const data = schemas.upcast(event.type, stored, event.data);
  if (data === event.data) return event;
  return { ...event, data, storedData: event.storedData ?? event.data, upcastTo: current };
}

/** A read's events as the port answers them: upcast, unless the reader asked for them as stored. */
export function readEventsAs(events: RecordedEvent[], schemas: EventSchemas | undefined, options: { readonly asStored?: boolean } | undefined): RecordedEvent[] {
  return schemas === undefined || options?.asStored === true ? events : events.map((event) => readAsCurrent(event, schemas));
}

/** A subscription's events as the port delivers them: upcast, for an adapter whose subscription does not read through its own reads. */
export async function* readMessagesAs(messages: AsyncIterable<SubscriptionMessage>, schemas: EventSchemas): AsyncGenerator<SubscriptionMessage, void, undefined> {
  for await (const message of messages) yield message.kind === 'event' ? { kind: 'event', event: readAsCurrent(message.event, schemas) } : message;
}
