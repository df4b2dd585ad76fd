import type { FieldValue, Filter, RangeValue } from '../read-store';
import { assertFieldPath, valueAt } from './names';

/** One field of a filter, reduced to membership (equality is `$in` with one value) or to bounds. */
export type Condition = Membership | Bounds;

export interface Membership {
  readonly kind: 'in';
  readonly field: string;
  readonly values: readonly FieldValue[];
}

export const RANGE_OPERATORS = ['$gt', '$gte', '$lt', '$lte'] as const;
export type RangeOperator = (typeof RANGE_OPERATORS)[number];

export interface Bound {
  readonly operator: RangeOperator;
  readonly value: RangeValue;
}

/** Every bound holds; all bounds have the type of `type`, and only values of that type can match. */
export interface Bounds {
  readonly kind: 'range';
  readonly field: string;
  readonly type: 'string' | 'number';
  /** In RANGE_OPERATORS order, whatever order the filter wrote them in. */
  readonly bounds: readonly Bound[];
}

/** Validates a filter and reduces it to conditions that must all hold. */
export function conditionsOf(filter: Filter | undefined): readonly Condition[] {
  return Object.entries(filter ?? {}).map(([field, expected]) => {
    assertFieldPath(field);
    if (isOperatorObject(expected) && !('$in' in expected)) return boundsOf(field, expected);
    const values = isOperatorObject(expected) ? membershipOf(field, expected) : [expected];
    if (!Array.isArray(values) || !values.every(isScalar)) throw new RangeError(`Invalid filter value for ${field}`);
    return { kind: 'in', field, values };
  });
}

function isOperatorObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object';
}

function membershipOf(field: string, condition: Readonly<Record<string, unknown>>): unknown {
  if (Object.keys(condition).length !== 1) throw new RangeError(`$in stands alone in the condition on ${field}`);
  return condition.$in;
}

function boundsOf(field: string, range: Readonly<Record<string, unknown>>): Bounds {
  const operators = Object.keys(range);
  const unknown = operators.find((operator) => !(RANGE_OPERATORS as readonly string[]).includes(operator));
  if (operators.length === 0 || unknown !== undefined) throw new RangeError(`Invalid condition on ${field}: ${unknown ?? 'no operator'}`);
  const bounds = RANGE_OPERATORS.filter((operator) => operator in range).map((operator) => ({ operator, value: range[operator] }));
  const type = typeof bounds[0]?.value;
  const valid = (value: unknown) => typeof value === type && (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)));
  if ((type !== 'string' && type !== 'number') || !bounds.every(({ value }) => valid(value))) {
    throw new RangeError(`The bounds on ${field} must all be strings or all be finite numbers`);
  }
  return { kind: 'range', field, type, bounds: bounds as Bound[] };
}

function isScalar(value: unknown): value is FieldValue {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * Reference semantics every adapter must reproduce: strict equality, null also matching a missing
 * field; a range holds only for a value of its bounds' type, strings compared by UTF-8 bytes.
 */
export function matchesConditions(document: unknown, conditions: readonly Condition[]): boolean {
  return conditions.every((condition) => {
    const actual = valueAt(document, condition.field);
    if (condition.kind === 'range') return typeof actual === condition.type && condition.bounds.every((bound) => holds(actual as RangeValue, bound));
    return condition.values.some((expected) => (expected === null ? actual === null || actual === undefined : actual === expected));
  });
}

function holds(actual: RangeValue, { operator, value }: Bound): boolean {
  const order = typeof actual === 'string' ? Buffer.compare(Buffer.from(actual), Buffer.from(value as string)) : actual - (value as number);
  switch (operator) {
    case '$gt':
      return order > 0;
    case '$gte':
      return order >= 0;
    case '$lt':
      return order < 0;
    case '$lte':
      return order <= 0;
  }
}
