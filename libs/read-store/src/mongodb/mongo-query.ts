import type { Document } from 'mongodb';
import type { FieldValue, SortKey } from '../read-store';
import type { Condition } from '../query/filter';

/**
 * Translates the port's small query language to MongoDB queries. Documents keep their `id` and get
 * `_id` = `id` beside it, so `id` is read through `_id`: it is unique, always present and indexed.
 *
 * Equivalence with the other adapters rests on two facts of MongoDB's comparison rules:
 * - null (or `$in: [null]`) matches a missing field too, exactly as the port asks;
 * - range operators compare within one type ("type bracketing"): `{$gt: 5}` never matches a string,
 *   nor null or a missing field, and numbers, strings and booleans never equal each other, so
 *   equality is strict as in SQLite.
 * Assumed, as the port's FieldValue type says: a filtered or sorted field holds scalars of one type
 * (or null/missing). Arrays along such a path would follow MongoDB's array matching instead.
 */
export function mongoField(field: string): string {
  return field === 'id' ? '_id' : field;
}

/**
 * All conditions must hold; `$in: []` matches nothing, as the reference adapter does. Bounds go to
 * the server as written: its comparison is already the port's (type bracketing; strings compared
 * as bytes, which is UTF-8 code-point order, unless a collation is set, and we never set one).
 */
export function queryOf(conditions: readonly Condition[]): Document {
  const query: Document = {};
  for (const condition of conditions) {
    query[mongoField(condition.field)] =
      condition.kind === 'in' ? { $in: [...condition.values] } : Object.fromEntries(condition.bounds.map(({ operator, value }) => [operator, value]));
  }
  return query;
}

/** Field paths are identifiers (never integer-like), so object key order is the sort order. */
export function sortOf(order: readonly SortKey[]): Document {
  const sort: Document = {};
  for (const key of order) sort[mongoField(key.field)] = key.direction === 'asc' ? 1 : -1;
  return sort;
}

/**
 * Documents strictly after the cursor's sort values in `order` (the keyset condition): for some key,
 * all earlier keys tie and this key lies beyond. MongoDB has no row-value comparison, hence the `$or`.
 * Null sorts first in ascending order and last in descending order, as in MongoDB's sort and SQLite's.
 */
export function afterCursor(order: readonly SortKey[], values: readonly FieldValue[]): Document {
  const alternatives: Document[] = [];
  order.forEach((key, i) => {
    const beyondKey = beyond(mongoField(key.field), values[i] ?? null, key.direction);
    if (beyondKey === null) return;
    const ties = order.slice(0, i).map((tie, j) => ({ [mongoField(tie.field)]: { $eq: values[j] ?? null } }));
    alternatives.push(ties.length === 0 ? beyondKey : { $and: [...ties, beyondKey] });
  });
  // The last key is always `id`, a non-null string, so at least one alternative exists.
  return { $or: alternatives };
}

/** Values after `value` in one key's direction; null when nothing can follow it. */
function beyond(field: string, value: FieldValue, direction: SortKey['direction']): Document | null {
  if (direction === 'asc') return { [field]: value === null ? { $ne: null } : { $gt: value } };
  return value === null ? null : { $or: [{ [field]: { $lt: value } }, { [field]: { $eq: null } }] };
}
