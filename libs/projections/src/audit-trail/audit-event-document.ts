import type { Json } from '@itsm/event-store/port';
import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import { projectionKey } from '../shared/projection-key';

export const AUDIT_TRAIL = { name: 'audit_trail', version: 1 } as const;
export const AUDIT_TRAIL_KEY = projectionKey(AUDIT_TRAIL);

/**
 * One recorded event of any stream, as the log holds it: who, when, which command, its place in
 * its stream and in the log, its hash-chain links, and the fact itself. Written once and never
 * changed. Its id is its log position: unique, and the same whoever replays the log.
 * A metadata field an event does not carry (older or imported events) is null, so that every
 * document, and every row of an export, has the same fields.
 */
export interface AuditEventDocument extends StoredDocument {
  readonly position: string;
  /** Business time of the fact (the command's), as recorded: UTC, milliseconds (Date.toISOString). */
  readonly occurredAt: string | null;
  /** When the store wrote it (the store's clock). */
  readonly recordedAt: string;
  /** Who: the authenticated principal recorded on the event. */
  readonly actor: string | null;
  /** What kind of stream: incident, change, ci, ci-name, blackout-window, idempotency, ... (stream-types.ts). */
  readonly streamType: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly eventId: string | null;
  readonly commandType: string | null;
  readonly commandId: string | null;
  readonly correlationId: string | null;
  readonly causationId: string | null;
  readonly schemaVersion: number | null;
  readonly prevHash: string | null;
  readonly hash: string | null;
  readonly data: Json;
}

/** The fields of an audit record, in the order every representation (JSON, JSON lines, CSV) gives them. */
export const AUDIT_EVENT_FIELDS = [
  'position',
  'occurredAt',
  'recordedAt',
  'actor',
  'streamType',
  'stream',
  'revision',
  'type',
  'eventId',
  'commandType',
  'commandId',
  'correlationId',
  'causationId',
  'schemaVersion',
  'prevHash',
  'hash',
  'data',
] as const satisfies readonly (keyof AuditEventDocument)[];

export type AuditRecord = Pick<AuditEventDocument, (typeof AUDIT_EVENT_FIELDS)[number]>;

/** What a client sees of an audit document: the fields above in their order, without the store's `id` and `_position`. */
export function auditRecordOf(document: AuditEventDocument): AuditRecord {
  return Object.fromEntries(AUDIT_EVENT_FIELDS.map((field) => [field, document[field]])) as unknown as AuditRecord;
}

/**
 * Every query reads in log order, so each index ends with `position`: an equality filter on its
 * first field, then the order, and a page is an index range scan. A time range alone scans the
 * position index and skips what falls outside (events are recorded roughly in time order); an
 * index on occurredAt would make every page of a long download sort the whole range again.
 */
export const AUDIT_TRAIL_COLLECTION: CollectionDefinition = {
  name: AUDIT_TRAIL_KEY,
  indexes: [{ fields: ['position'] }, { fields: ['actor', 'position'] }, { fields: ['streamType', 'position'] }, { fields: ['type', 'position'] }],
};
