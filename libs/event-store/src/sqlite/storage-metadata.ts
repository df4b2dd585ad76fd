import type { EventMetadata } from '../event-store';

/**
 * How an event's metadata is kept in the `metadata` column (ADR 26). A row written before holds the
 * metadata as a JSON object, and is read as it always was. A new row holds it as a JSON array in
 * the order below, without the key names, without the event id (the row's `event_id` column holds
 * it), and with `0` where the correlation or causation id is the command's id: a third of the
 * bytes. Reading it gives back the same object, key for key and in the same order, so what the
 * hash covers, what the history and the audit trail show, and JSON.stringify of it are unchanged.
 *
 * Only metadata exactly as sealEvents makes it is written compactly; anything else (a field more or
 * missing, another order, another type) is written as before, so no row is ever read back different.
 */
const FIELDS = ['eventId', 'actor', 'occurredAt', 'commandId', 'commandType', 'correlationId', 'causationId', 'schemaVersion', 'prevHash', 'hash'] as const;

/** Stands for "the command's id" in the correlation and causation places; a real id is always a string. */
const SAME_AS_COMMAND = 0;

type CompactMetadata = readonly [
  actor: string,
  occurredAt: string,
  commandId: string,
  commandType: string,
  correlationId: string | typeof SAME_AS_COMMAND,
  causationId: string | typeof SAME_AS_COMMAND,
  schemaVersion: number,
  prevHash: string | null,
  hash: string,
];

/** The text stored for `metadata` on a row whose `event_id` column is `eventId`. */
export function metadataToStore(metadata: EventMetadata, eventId: string): string {
  if (!isSealedShape(metadata, eventId)) return JSON.stringify(metadata);
  const { actor, occurredAt, commandId, commandType, correlationId, causationId, schemaVersion, prevHash, hash } = metadata;
  const sameAsCommand = (id: string) => (id === commandId ? SAME_AS_COMMAND : id);
  const compact: CompactMetadata = [actor, occurredAt, commandId, commandType, sameAsCommand(correlationId), sameAsCommand(causationId), schemaVersion, prevHash, hash];
  return JSON.stringify(compact);
}

/** The metadata a row holds, as it was given to the store, whichever way the row keeps it. */
export function storedMetadata(stored: string, eventId: string): EventMetadata {
  const parsed = JSON.parse(stored) as EventMetadata | CompactMetadata;
  if (!Array.isArray(parsed)) return parsed as EventMetadata;
  const [actor, occurredAt, commandId, commandType, correlationId, causationId, schemaVersion, prevHash, hash] = parsed as CompactMetadata;
  const commandIdFor = (id: string | typeof SAME_AS_COMMAND) => (id === SAME_AS_COMMAND ? commandId : id);
  return { eventId, actor, occurredAt, commandId, commandType, correlationId: commandIdFor(correlationId), causationId: commandIdFor(causationId), schemaVersion, prevHash, hash };
}

/** Exactly sealEvents' fields, in its order, of its types, the event id the row's: only then is the array read back the same. */
function isSealedShape(metadata: EventMetadata, eventId: string): boolean {
  const keys = Object.keys(metadata);
  if (keys.length !== FIELDS.length || keys.some((key, index) => key !== FIELDS[index])) return false;
  const { actor, occurredAt, commandId, commandType, correlationId, causationId, schemaVersion, prevHash, hash } = metadata;
  const strings = [actor, occurredAt, commandId, commandType, correlationId, causationId, hash];
  return metadata.eventId === eventId && strings.every((value) => typeof value === 'string') && Number.isFinite(schemaVersion) && (prevHash === null || typeof prevHash === 'string');
}
