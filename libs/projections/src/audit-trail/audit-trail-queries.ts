import type { Position } from '@itsm/event-store/port';
import type { Filter, FieldValue, Page, ReadStore, SortKey } from '@itsm/read-store/port';
import type { PageRequest } from '../shared/page';
import { AUDIT_TRAIL_KEY, type AuditEventDocument } from './audit-event-document';

/** What an auditor may ask of the trail; every condition given must hold. */
export interface AuditTrailFilter {
  /** The actor recorded on the event, exactly. */
  readonly actor?: string;
  /** Events that occurred at or after this RFC 3339 instant (any offset, any precision). */
  readonly from?: string;
  /** Events that occurred before this instant (exclusive). */
  readonly to?: string;
  /** Any of these kinds of stream (streamTypeOf). */
  readonly streamTypes?: readonly string[];
  /** Any of these event types. */
  readonly types?: readonly string[];
}

/** Log order: the order things were recorded in, and the order of every page and export. */
export const AUDIT_ORDER: readonly SortKey[] = [{ field: 'position', direction: 'asc' }];

/** Events read per request by an export: enough to keep round trips few, few enough to keep memory flat. */
export const AUDIT_EXPORT_PAGE_SIZE = 500;

/** One page of the trail in log order; page on with the returned `nextCursor` and the same filter. */
export function findAuditEvents(store: ReadStore, filter: AuditTrailFilter, page: PageRequest): Promise<Page<AuditEventDocument>> {
  return store.find<AuditEventDocument>(AUDIT_TRAIL_KEY, { filter: storeFilterOf(filter), sort: AUDIT_ORDER, limit: page.limit, cursor: page.cursor });
}

/** Every event an export holds: those matching, up to `through`, in log order. */
export interface AuditExport {
  /** The read model's checkpoint when the export began; null when nothing has been projected yet. */
  readonly through: Position | null;
  readonly pages: AsyncIterable<readonly AuditEventDocument[]>;
}

/**
 * All matching events, read a page at a time as the consumer asks for them, so an export of a year
 * holds one page in memory. It stops at the checkpoint the read model had when it began: events
 * projected meanwhile are left out, so the export is the log as of one position, complete up to it
 * (MongoDB writes documents before their checkpoint; none beyond it is read).
 */
export async function exportAuditEvents(store: ReadStore, filter: AuditTrailFilter, pageSize = AUDIT_EXPORT_PAGE_SIZE): Promise<AuditExport> {
  const through = await store.checkpoint(AUDIT_TRAIL_KEY);
  return { through, pages: through === null ? emptyPages() : pagesThrough(store, storeFilterOf(filter, through), pageSize) };
}

async function* pagesThrough(store: ReadStore, filter: Filter, limit: number): AsyncGenerator<readonly AuditEventDocument[]> {
  let cursor: string | null = null;
  do {
    const page: Page<AuditEventDocument> = await store.find<AuditEventDocument>(AUDIT_TRAIL_KEY, { filter, sort: AUDIT_ORDER, limit, cursor });
    if (page.items.length > 0) yield page.items;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

// eslint-disable-next-line require-yield -- an export of nothing still has the shape of one
async function* emptyPages(): AsyncGenerator<readonly AuditEventDocument[]> {
  return;
}

function storeFilterOf(filter: AuditTrailFilter, through?: Position): Filter {
  const occurredAt = { ...(filter.from === undefined ? {} : { $gte: instantBound(filter.from) }), ...(filter.to === undefined ? {} : { $lt: instantBound(filter.to) }) };
  return {
    ...(filter.actor === undefined ? {} : { actor: filter.actor }),
    ...(Object.keys(occurredAt).length === 0 ? {} : { occurredAt }),
    ...(filter.streamTypes === undefined ? {} : { streamType: anyOf(filter.streamTypes) }),
    ...(filter.types === undefined ? {} : { type: anyOf(filter.types) }),
    ...(through === undefined ? {} : { position: { $lte: through } }),
  };
}

function anyOf(values: readonly string[]): FieldValue | { readonly $in: readonly FieldValue[] } {
  return values.length === 1 ? (values[0] as string) : { $in: [...new Set(values)] };
}

/**
 * An instant in the form events record theirs (UTC, milliseconds: Date.toISOString), so that the
 * store's string comparison is a comparison in time. Recorded times are whole milliseconds, so a
 * bound with a finer fraction (…00.0005Z) is raised to the next millisecond: "at or after" and
 * "before" it then select exactly the same events as the exact instant would.
 */
export function instantBound(instant: string): string {
  const milliseconds = Date.parse(instant);
  if (Number.isNaN(milliseconds)) throw new RangeError(`Not an instant: ${instant}`);
  const beyondMilliseconds = /T[^.]*\.\d{3}(\d+)/.exec(instant)?.[1] ?? '';
  return new Date(milliseconds + (/[1-9]/.test(beyondMilliseconds) ? 1 : 0)).toISOString();
}
