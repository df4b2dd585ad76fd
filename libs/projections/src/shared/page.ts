import type { SortKey } from '@itsm/read-store/port';

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

export const HISTORY_ORDERS = ['asc', 'desc'] as const;
/** `asc`: oldest first, as it happened; `desc`: newest first, as a ticket page shows it. */
export type HistoryOrder = (typeof HISTORY_ORDERS)[number];

/** A page of one ticket's history: lines that grow with its life, each written once. */
export interface HistoryPageRequest extends PageRequest {
  readonly order?: HistoryOrder;
}

/**
 * In stream order. `id` runs the same way as `revision` (rather than the store's default `id`
 * ascending) so that one index, read forwards or backwards, serves both orders without a sort step.
 * A cursor made for one order is refused by the other.
 */
export function byRevision(order: HistoryOrder = 'asc'): readonly SortKey[] {
  return [
    { field: 'revision', direction: order },
    { field: 'id', direction: order },
  ];
}
