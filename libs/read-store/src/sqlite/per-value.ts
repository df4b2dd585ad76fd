import type { FieldValue, SortKey } from '../read-store';
import type { Condition } from '../query/filter';
import { compareSortValues } from '../query/sort-order';

/**
 * A filter of several values on a field the sort does not name (`status IN ('new', 'on_hold')`,
 * sorted by priority and age) cannot be read from its index in the sort's order: SQLite reads every
 * matching row and sorts them (USE TEMP B-TREE), so page 1 of two statuses at 100,000 incidents
 * sorted tens of thousands of rows. Asked once per value instead, each part seeks its index in
 * order and stops at the page's end, and merging the parts' pages gives the same page (the parts
 * are disjoint: one value each). At most MAX_PARTS parts (the product of the values of every such
 * field); beyond that, or when no field qualifies, null: the query is asked as written.
 */
export const MAX_PARTS = 16;

export function perValueConditions(conditions: readonly Condition[], order: readonly SortKey[]): Condition[][] | null {
  const sorted = new Set(order.map(({ field }) => field));
  const split = conditions.filter((condition) => condition.kind === 'in' && condition.values.length > 1 && !sorted.has(condition.field));
  if (split.length === 0 || split.reduce((parts, condition) => parts * (condition.kind === 'in' ? condition.values.length : 1), 1) > MAX_PARTS) return null;
  let parts: Condition[][] = [conditions.filter((condition) => !split.includes(condition))];
  for (const condition of split) {
    if (condition.kind !== 'in') continue;
    parts = parts.flatMap((part) => condition.values.map((value): Condition[] => [...part, { kind: 'in', field: condition.field, values: [value] }]));
  }
  return parts;
}

/** The first `count` of several lists, each already in `order`, merged in `order`. */
export function mergeInOrder<T>(lists: readonly (readonly T[])[], keysOf: (item: T) => readonly FieldValue[], order: readonly SortKey[], count: number): T[] {
  const keyed = lists.map((list) => list.map((item) => ({ item, keys: keysOf(item) })));
  const heads = keyed.map(() => 0);
  const merged: T[] = [];
  while (merged.length < count) {
    let best = -1;
    keyed.forEach((list, i) => {
      const candidate = list[heads[i]!];
      if (candidate && (best < 0 || compareSortValues(candidate.keys, keyed[best]![heads[best]!]!.keys, order) < 0)) best = i;
    });
    if (best < 0) break;
    merged.push(keyed[best]![heads[best]!]!.item);
    heads[best]!++;
  }
  return merged;
}
