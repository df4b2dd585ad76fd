import type { FieldValue, SortKey } from '../read-store';
import { assertFieldPath, valueAt } from './names';

/** The sort the store really applies: the caller's keys, then `id` ascending so that the order is total. */
export function totalOrder(sort: readonly SortKey[] | undefined): readonly SortKey[] {
  const keys = (sort ?? []).map((key) => ({ field: assertFieldPath(key.field), direction: key.direction }));
  for (const key of keys) {
    if (key.direction !== 'asc' && key.direction !== 'desc') throw new RangeError(`Invalid sort direction for ${key.field}`);
  }
  const idIndex = keys.findIndex((key) => key.field === 'id');
  // Keys after `id` can never matter: ids are unique.
  return idIndex >= 0 ? keys.slice(0, idIndex + 1) : [...keys, { field: 'id', direction: 'asc' }];
}

/** The values a document has for each sort key (missing fields read as null). */
export function sortValuesOf(document: unknown, order: readonly SortKey[]): FieldValue[] {
  return order.map((key) => toFieldValue(valueAt(document, key.field)));
}

function toFieldValue(value: unknown): FieldValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/**
 * Orders values as SQLite's json_extract results order (and MongoDB's, for the types we allow):
 * null first, then numbers (booleans count as 0 and 1), then strings by UTF-8 bytes.
 */
export function compareFieldValues(a: FieldValue, b: FieldValue): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return rankA - rankB;
  if (a === null || b === null) return 0;
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return Number(a) - Number(b);
}

function typeRank(value: FieldValue): number {
  if (value === null) return 0;
  return typeof value === 'string' ? 2 : 1;
}

export function compareSortValues(a: readonly FieldValue[], b: readonly FieldValue[], order: readonly SortKey[]): number {
  for (let i = 0; i < order.length; i++) {
    const comparison = compareFieldValues(a[i] ?? null, b[i] ?? null);
    if (comparison !== 0) return order[i]?.direction === 'desc' ? -comparison : comparison;
  }
  return 0;
}
