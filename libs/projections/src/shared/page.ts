import type { SortKey } from '@itsm/read-store';

/** What a query function takes to read one page: the previous page's `nextCursor`, if any. */
export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string | null;
}

/** Most urgent first (priority 1 = critical), then oldest first, then id (the store's tiebreak). */
export const BY_PRIORITY_THEN_AGE: readonly SortKey[] = [
  { field: 'priority', direction: 'asc' },
  { field: 'openedAt', direction: 'asc' },
];
