import { windowsOverlap, type ChangeStatus, type TimeWindow } from '@itsm/domain';
import { InvalidCursorError, type Filter, type Page, type ReadStore } from '@itsm/read-store/port';
import type { PageRequest } from '../shared/page';
import { CHANGE_CALENDAR_KEY, type ChangeCalendarEntry } from './change-calendar-entry';

export interface CalendarQuery extends PageRequest {
  readonly from: string;
  readonly to: string;
  /** Only changes touching any of these CIs. */
  readonly ciIds?: readonly string[];
  /** Only changes touching any of these CIs (e.g. the CIs of a service). */
  readonly serviceCiIds?: readonly string[];
  readonly state?: ChangeStatus | readonly ChangeStatus[];
}

const SCAN_PAGE = 200;
const BY_WINDOW_START = [{ field: 'windowStart', direction: 'asc' as const }];

/**
 * Changes whose window overlaps [from, to), by window start. The store filters by equality only, so
 * this scans by window start and stops at `to`; the cursor is how many matches were already served.
 */
export async function findCalendar(store: ReadStore, query: CalendarQuery): Promise<Page<ChangeCalendarEntry>> {
  const offset = decodeOffset(query.cursor);
  const range: TimeWindow = { start: query.from, end: query.to };
  const wanted = offset + query.limit + 1;
  const matches: ChangeCalendarEntry[] = [];
  const touches = ciMatcher(query);
  for await (const entry of scan(store, stateFilter(query.state))) {
    if (entry.windowStart >= query.to || matches.length >= wanted) break;
    if (windowsOverlap(entry.window, range) && touches(entry)) matches.push(entry);
  }
  const items = matches.slice(offset, offset + query.limit);
  const nextCursor = matches.length > offset + query.limit ? String(offset + query.limit) : null;
  return { items, nextCursor };
}

/** Completed changes that touched any of these CIs, and how many failed: a risk input. */
export async function pastChangeStats(store: ReadStore, ciIds: readonly string[]): Promise<{ total: number; failed: number }> {
  const wanted = new Set(ciIds);
  let total = 0;
  let failed = 0;
  for await (const entry of scan(store, { outcome: { $in: ['successful', 'failed'] } })) {
    if (!entry.ciIds.some((ciId) => wanted.has(ciId))) continue;
    total++;
    if (entry.outcome === 'failed') failed++;
  }
  return { total, failed };
}

/** Every entry matching the filter, by window start, page by page. */
export async function* scan(store: ReadStore, filter: Filter): AsyncGenerator<ChangeCalendarEntry> {
  let cursor: string | null = null;
  do {
    const page: Page<ChangeCalendarEntry> = await store.find<ChangeCalendarEntry>(CHANGE_CALENDAR_KEY, { filter, sort: BY_WINDOW_START, limit: SCAN_PAGE, cursor });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor !== null);
}

function stateFilter(state: CalendarQuery['state']): Filter {
  if (state === undefined) return {};
  return { state: typeof state === 'string' ? state : { $in: [...state] } };
}

function ciMatcher(query: CalendarQuery): (entry: ChangeCalendarEntry) => boolean {
  const ciIds = new Set([...(query.ciIds ?? []), ...(query.serviceCiIds ?? [])]);
  return (entry) => ciIds.size === 0 || entry.ciIds.some((ciId) => ciIds.has(ciId));
}

function decodeOffset(cursor: string | null | undefined): number {
  if (cursor === undefined || cursor === null) return 0;
  const offset = Number(cursor);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new InvalidCursorError();
  return offset;
}

