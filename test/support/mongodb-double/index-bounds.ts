import type { Document } from 'mongodb';
import { compareInServerOrder } from './server-order';

/**
 * What one field's predicates let an index scan skip, as the server's planner derives index bounds
 * (src/mongo/db/query/index_bounds_builder.cpp): equality and `$in` give points, `$gt`…`$lte` an
 * interval within the bound's type (type bracketing), several predicates on a field intersect.
 * Anything else (`$ne`, `$nin`, `$regex`, `$exists`, nested logic, objects, arrays) bounds nothing
 * here and is left to the FETCH stage's filter, which always applies the whole predicate: bounds
 * only skip keys that cannot match, so the documents found are those a full scan finds.
 */
export type FieldBound = { readonly kind: 'all' } | { readonly kind: 'points'; readonly values: readonly unknown[] } | RangeBound;

export interface RangeBound {
  readonly kind: 'range';
  readonly type: 'number' | 'string';
  readonly lower?: Limit;
  readonly upper?: Limit;
}

interface Limit {
  readonly value: number | string;
  readonly inclusive: boolean;
}

export const ALL: FieldBound = { kind: 'all' };

/** Per field path, the bound of all a filter's top-level (and `$and`ed) predicates on it. */
export function boundsOf(filter: Document): Map<string, FieldBound> {
  const bounds = new Map<string, FieldBound>();
  const add = (field: string, bound: FieldBound) => bounds.set(field, intersect(bounds.get(field) ?? ALL, bound));
  const visit = (part: Document) => {
    for (const [key, value] of Object.entries(part)) {
      if (key === '$and' && Array.isArray(value)) value.forEach((inner: Document) => visit(inner));
      else if (!key.startsWith('$')) predicatesOf(value).forEach((bound) => add(key, bound));
    }
  };
  visit(filter);
  return bounds;
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value) || value instanceof Date;
}

function isOperatorObject(value: unknown): value is Document {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && Object.keys(value).some((key) => key.startsWith('$'));
}

function predicatesOf(condition: unknown): FieldBound[] {
  if (!isOperatorObject(condition)) return isScalar(condition) ? [{ kind: 'points', values: [condition] }] : [];
  return Object.entries(condition).flatMap(([operator, operand]): FieldBound[] => {
    if (operator === '$eq') return isScalar(operand) ? [{ kind: 'points', values: [operand] }] : [];
    if (operator === '$in') return Array.isArray(operand) && operand.every(isScalar) ? [{ kind: 'points', values: sortedUnique(operand) }] : [];
    const type = typeof operand;
    if (!['$gt', '$gte', '$lt', '$lte'].includes(operator) || (type !== 'number' && type !== 'string')) return [];
    const limit = { value: operand as number | string, inclusive: operator.endsWith('e') };
    return [{ kind: 'range', type: type as 'number' | 'string', ...(operator.startsWith('$g') ? { lower: limit } : { upper: limit }) }];
  });
}

function sortedUnique(values: readonly unknown[]): unknown[] {
  const sorted = [...values].sort(compareInServerOrder);
  return sorted.filter((value, i) => i === 0 || compareInServerOrder(sorted[i - 1], value) !== 0);
}

function intersect(a: FieldBound, b: FieldBound): FieldBound {
  if (a.kind === 'all') return b;
  if (b.kind === 'all') return a;
  if (a.kind === 'points') return { kind: 'points', values: a.values.filter((value) => contains(b, value)) };
  if (b.kind === 'points') return intersect(b, a);
  if (a.type !== b.type) return { kind: 'points', values: [] };
  return { kind: 'range', type: a.type, lower: tighter(a.lower, b.lower, 1), upper: tighter(a.upper, b.upper, -1) };
}

function tighter(a: Limit | undefined, b: Limit | undefined, sign: 1 | -1): Limit | undefined {
  if (!a || !b) return a ?? b;
  const order = compareInServerOrder(a.value, b.value) * sign;
  if (order !== 0) return order > 0 ? a : b;
  return a.inclusive ? b : a;
}

/** Whether an index key's value lies within the bound (a missing field is keyed as null). */
export function contains(bound: FieldBound, key: unknown): boolean {
  if (bound.kind === 'all') return true;
  if (bound.kind === 'points') return bound.values.some((value) => compareInServerOrder(value, key ?? null) === 0);
  if (typeof key !== bound.type) return false;
  const above = (limit: Limit | undefined, sign: 1 | -1) => !limit || compareInServerOrder(key, limit.value) * sign > 0 || (limit.inclusive && compareInServerOrder(key, limit.value) === 0);
  return above(bound.lower, 1) && above(bound.upper, -1);
}

/** The bound as explain shows it: `["[1, 1]", "[3, 3]"]`, `["(\"a\", {})"]`, `["[MinKey, MaxKey]"]`. */
export function describeBound(bound: FieldBound, descending: boolean): string[] {
  const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : value instanceof Date ? `new Date(${value.getTime()})` : String(value));
  let intervals: string[];
  if (bound.kind === 'all') intervals = ['[MinKey, MaxKey]'];
  else if (bound.kind === 'points') intervals = bound.values.map((value) => `[${show(value)}, ${show(value)}]`);
  else {
    const low = bound.lower ? `${bound.lower.inclusive ? '[' : '('}${show(bound.lower.value)}` : bound.type === 'number' ? '[-inf.0' : '[""';
    const high = bound.upper ? `${show(bound.upper.value)}${bound.upper.inclusive ? ']' : ')'}` : bound.type === 'number' ? 'inf.0]' : '{})';
    intervals = [`${low}, ${high}`];
  }
  return descending ? intervals.reverse().map(reverseInterval) : intervals;
}

function reverseInterval(interval: string): string {
  const match = /^([[(])(.*), (.*)([\])])$/.exec(interval);
  if (!match) return interval;
  const [, open, low, high, close] = match;
  return `${close === ']' ? '[' : '('}${high}, ${low}${open === '[' ? ']' : ')'}`;
}
