import type { FieldValue, SortKey } from '../read-store';
import type { Condition } from '../query/filter';

/**
 * What a later page asks of SQLite, reshaped so that the cursor's row-value comparison is the range
 * the index seeks (SQLite takes one range per index column: an equality or a filter's bound on a
 * sort key would otherwise win, and page 400 would walk the 399 pages before it). Both changes
 * leave the answer as it was, because the cursor's values come from a row the same filter kept:
 * - a sort key an equality filter pins to one value ties on every row the filter keeps, so the
 *   cursor need not compare it;
 * - the filter's lower bounds on the first sort key, ascending, are implied by being after the
 *   cursor (that row's value met them, and later rows are not below it); its type test stays.
 */
export interface Keyset {
  readonly conditions: readonly Condition[];
  readonly order: readonly SortKey[];
  readonly values: readonly FieldValue[];
}

export function keysetAfter(conditions: readonly Condition[], order: readonly SortKey[], values: readonly FieldValue[]): Keyset {
  const pinned = new Set(conditions.filter((condition) => condition.kind === 'in' && condition.values.length === 1 && condition.values[0] !== null).map(({ field }) => field));
  const kept = order.map((key, i) => ({ key, value: values[i] ?? null })).filter(({ key }) => !pinned.has(key.field));
  const first = kept[0];
  const impliedBelow = first && first.key.direction === 'asc' && first.value !== null ? first.key.field : null;
  return {
    conditions: conditions.map((condition) =>
      condition.kind === 'range' && condition.field === impliedBelow
        ? { ...condition, bounds: condition.bounds.filter(({ operator }) => operator !== '$gt' && operator !== '$gte') }
        : condition,
    ),
    order: kept.map(({ key }) => key),
    values: kept.map(({ value }) => value),
  };
}
