import type { Json, RecordedEvent } from '@itsm/event-store/port';
import type { FieldChange } from './field-changes';

/**
 * One recorded fact in a record's history, everything the log knows about it: where it sits, who
 * recorded it and when, which command and request caused it, its place in the stream's hash chain,
 * the fact itself, and what it changed in the record.
 */
export interface HistoryEntry {
  readonly position: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly actor: string;
  /** When it happened (the command's time). */
  readonly occurredAt: string;
  /** When the store recorded it. */
  readonly recordedAt: string;
  readonly commandType: string;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly hash: string;
  readonly prevHash: string | null;
  /** `own`: recorded on the record's own stream; `inbound`: recorded by another record about this one (a CI's relationship from another CI). */
  readonly direction: 'own' | 'inbound';
  /** The schema version the fact was written at. */
  readonly schemaVersion: number;
  /**
   * Set when the fact was written at an older schema version and is shown (`data`) in the current shape
   * (ADR 21): the version it was read as and the data exactly as written, so an auditor is never misled
   * about what the log holds.
   */
  readonly upcast: { readonly to: number; readonly storedData: Json } | null;
  readonly data: Json;
  readonly changes: readonly FieldChange[];
}

export interface HistoryPage {
  readonly items: readonly HistoryEntry[];
  readonly nextCursor: string | null;
}

export function historyEntry(event: RecordedEvent, direction: HistoryEntry['direction'], changes: readonly FieldChange[]): HistoryEntry {
  const { actor, occurredAt, commandType, commandId, correlationId, causationId, hash, prevHash, schemaVersion } = event.metadata;
  const { position, stream, revision, type, data, recordedAt } = event;
  const upcast = event.upcastTo === undefined ? null : { to: event.upcastTo, storedData: event.storedData ?? data };
  return { position, stream, revision, type, actor, occurredAt, recordedAt, commandType, commandId, correlationId, causationId, hash, prevHash, direction, schemaVersion, upcast, data, changes };
}
