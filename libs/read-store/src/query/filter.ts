import type { FieldValue, Filter } from '../read-store';
import { assertFieldPath, valueAt } from './names';

/** One field of a filter, reduced to membership: equality is `$in` with one value. */
export interface Condition {
  readonly field: string;
  readonly values: readonly FieldValue[];
}

/** Validates a filter and reduces it to conditions that must all hold. */
export function conditionsOf(filter: Filter | undefined): readonly Condition[] {
  return Object.entries(filter ?? {}).map(([field, expected]) => {
    assertFieldPath(field);
    const values = isMembership(expected) ? expected.$in : [expected];
    if (!Array.isArray(values) || !values.every(isScalar)) throw new RangeError(`Invalid filter value for ${field}`);
    return { field, values };
  });
}

function isMembership(value: unknown): value is { readonly $in: readonly FieldValue[] } {
  return value !== null && typeof value === 'object' && '$in' in value;
}

function isScalar(value: unknown): value is FieldValue {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** Reference semantics every adapter must reproduce: strict equality, and null also matches a missing field. */
export function matchesConditions(document: unknown, conditions: readonly Condition[]): boolean {
  return conditions.every(({ field, values }) => {
    const actual = valueAt(document, field);
    return values.some((expected) => (expected === null ? actual === null || actual === undefined : actual === expected));
  });
}
