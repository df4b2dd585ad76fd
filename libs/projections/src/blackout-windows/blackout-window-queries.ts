import { windowsOverlap, type CalendarBlackout, type TimeWindow } from '@itsm/domain';
import type { FindQuery, Page, ReadStore } from '@itsm/read-store/port';
import type { PageRequest } from '../shared/page';
import { BLACKOUT_WINDOWS_KEY, type BlackoutWindowDocument } from './blackout-window-document';

const SCAN_PAGE = 200;

/**
 * Active blackout windows overlapping [from, to), by start. Freezes are few (a handful a year), so
 * all of them are read and filtered here rather than paged.
 */
export async function findBlackoutWindows(store: ReadStore, range: { from: string; to: string }): Promise<BlackoutWindowDocument[]> {
  const wanted: TimeWindow = { start: range.from, end: range.to };
  const found: BlackoutWindowDocument[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<BlackoutWindowDocument> = await store.find<BlackoutWindowDocument>(BLACKOUT_WINDOWS_KEY, {
      filter: { active: true },
      sort: [{ field: 'windowStart', direction: 'asc' }],
      limit: SCAN_PAGE,
      cursor,
    });
    for (const doc of page.items) if (doc.windowStart < range.to && windowsOverlap(doc.window, wanted)) found.push(doc);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return found;
}

/**
 * A page of the active blackout windows overlapping [from, to), by start: the list a calendar screen
 * shows. Windows are recorded normalized (UTC, as toISOString writes them), so the overlap is two
 * ranges the store answers from the (active, windowStart) index.
 */
export function blackoutWindowPageQuery(range: { from: string; to: string }, page: PageRequest): FindQuery {
  return { filter: { active: true, windowStart: { $lt: range.to }, windowEnd: { $gt: range.from } }, sort: [{ field: 'windowStart', direction: 'asc' }], limit: page.limit, cursor: page.cursor };
}

export function getBlackoutWindow(store: ReadStore, blackoutWindowId: string): Promise<BlackoutWindowDocument | null> {
  return store.get<BlackoutWindowDocument>(BLACKOUT_WINDOWS_KEY, blackoutWindowId);
}

/** As `detectConflicts` wants them. */
export function asCalendarBlackout(doc: BlackoutWindowDocument): CalendarBlackout {
  return { blackoutWindowId: doc.id, name: doc.name, window: doc.window, scope: doc.scope };
}
