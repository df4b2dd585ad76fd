import type { Document } from 'mongodb';
import type { FieldValue, FindQuery, SortKey } from '../read-store';
import { decodeCursor } from '../query/cursor';
import { conditionsOf, type Condition } from '../query/filter';
import { assertLimit } from '../query/names';
import { totalOrder } from '../query/sort-order';

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
 * The filter of a later page: documents the filter keeps that lie strictly after the cursor's sort
 * values in `order` (the keyset condition: for some key, all earlier keys tie and this key lies
 * beyond). MongoDB has no row-value comparison, so it is a rooted `$or` with the whole filter in
 * every branch: each branch then has index bounds of its own (the filter's equalities, the ties,
 * and the range beyond), each scan starts at the cursor, and the server merges them in the sort's
 * order (SORT_MERGE) and stops at the page's end. With the filter outside the `$or` instead, the
 * planner may scan the filter's bounds from the start and test the cursor key by key, so page 400
 * would read the 399 before it.
 * Null sorts first in ascending order and last in descending order, as in MongoDB's sort and SQLite's.
 */
export function afterCursor(filter: Document, order: readonly SortKey[], values: readonly FieldValue[]): Document {
  const branches: Document[] = [];
  order.forEach((key, i) => {
    const beyondKey = beyond(mongoField(key.field), values[i] ?? null, key.direction);
    if (beyondKey === null) return;
    const ties = order.slice(0, i).map((tie, j) => ({ [mongoField(tie.field)]: { $eq: values[j] ?? null } }));
    branches.push({ $and: [filter, ...ties, beyondKey] });
  });
  // The last key is always `id`, a non-null string, so at least one branch exists.
  return { $or: branches };
}

/** Values after `value` in one key's direction; null when nothing can follow it. */
function beyond(field: string, value: FieldValue, direction: SortKey['direction']): Document | null {
  if (direction === 'asc') return { [field]: value === null ? { $ne: null } : { $gt: value } };
  return value === null ? null : { $or: [{ [field]: { $lt: value } }, { [field]: { $eq: null } }] };
}

/** The find a page asks for: one more document than the page holds, to tell whether another follows. */
export function findCommand(collection: string, query: FindQuery) {
  const limit = assertLimit(query.limit);
  const order = totalOrder(query.sort);
  const filter = queryOf(conditionsOf(query.filter));
  const cursorValues = query.cursor ? decodeCursor(query.cursor, { collection, filter: query.filter, order }) : null;
  return {
    filter: cursorValues ? afterCursor(filter, order, cursorValues) : filter,
    options: { projection: { _id: 0 }, sort: sortOf(order), limit: limit + 1 },
    order,
    limit,
  };
}
