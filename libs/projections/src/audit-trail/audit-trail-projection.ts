import type { RecordedEvent } from '@itsm/event-store/port';
import type { DomainRecordedEvent, Projection } from '../projection';
import type { AnyEvent } from '../shared/projection-key';
import { AUDIT_TRAIL, AUDIT_TRAIL_COLLECTION, type AuditEventDocument } from './audit-event-document';
import { streamTypeOf } from './stream-types';

type AuditEvent = Omit<AuditEventDocument, '_position'>;

/**
 * The audit trail: every event of every stream, one document each, so that an auditor can search
 * the whole log by actor, time, kind of stream and type. The empty prefix matches every stream
 * (an empty list would match none), and every type is handled, including types added after this
 * projection was written: an audit trail that silently skipped a new fact would be worse than none.
 */
export const auditTrailProjection: Projection<AnyEvent, AuditEventDocument> = {
  ...AUDIT_TRAIL,
  collection: AUDIT_TRAIL_COLLECTION,
  streamPrefixes: [''],
  handles: [],
  handlesEveryType: true,
  documentIds: (event) => [event.position],
  evolve: evolveAuditEvent,
};

/** A recorded fact is copied once, as recorded, and never changed after: an event naming it again leaves it as it is. */
export function evolveAuditEvent(document: AuditEventDocument | null, event: DomainRecordedEvent<AnyEvent>): AuditEvent {
  if (document !== null) return document;
  // Metadata is read field by field, tolerating events recorded before a field existed.
  const metadata = event.metadata as Partial<RecordedEvent['metadata']>;
  return {
    id: event.position,
    position: event.position,
    occurredAt: metadata.occurredAt ?? null,
    recordedAt: event.recordedAt,
    actor: metadata.actor ?? null,
    streamType: streamTypeOf(event.stream),
    stream: event.stream,
    revision: event.revision,
    type: event.type,
    eventId: metadata.eventId ?? null,
    commandType: metadata.commandType ?? null,
    commandId: metadata.commandId ?? null,
    correlationId: metadata.correlationId ?? null,
    causationId: metadata.causationId ?? null,
    schemaVersion: metadata.schemaVersion ?? null,
    prevHash: metadata.prevHash ?? null,
    hash: metadata.hash ?? null,
    // As written, even when read in a later shape (ADR 21): the hash covers these bytes, and schemaVersion says which shape they have.
    data: ((event.upcastTo === undefined ? event.data : event.storedData) ?? null) as AuditEventDocument['data'],
  };
}
