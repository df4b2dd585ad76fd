import { BSON, type Document } from 'mongodb';
import { Context } from 'mingo';

/**
 * Where mingo's order is not the server's: mingo compares strings by UTF-16 code units (JavaScript's
 * `<`), the server by their UTF-8 bytes (`compareElementStringValues`, a memcmp, in
 * src/mongo/bson/bsonelement.cpp; no collation is ever set here). The two differ only between
 * astral characters (emoji, U+10000 and up) and U+E000–U+FFFF, but a range or a keyset cursor over
 * such strings would then disagree with a real server. So string bounds of `$gt`, `$gte`, `$lt` and
 * `$lte` are rewritten to operators of ours that compare bytes, and sorting compares bytes too.
 * Type bracketing is kept (ComparisonMatchExpression: a value of another canonical type never
 * matches a string bound), and so is matching any element of an array.
 */
const RANGE = { $gt: '$gtBytes', $gte: '$gteBytes', $lt: '$ltBytes', $lte: '$lteBytes' } as const;
type RangeOperator = keyof typeof RANGE;

const compareBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** The values a dotted path reaches, stepping into arrays as the server's matcher does. */
function valuesAt(value: unknown, steps: readonly string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((element) => valuesAt(element, steps));
  const [step, ...rest] = steps;
  if (step === undefined) return [value];
  if (value === null || typeof value !== 'object') return [];
  return valuesAt((value as Record<string, unknown>)[step], rest);
}

const byteOperator =
  (test: (order: number) => boolean) =>
  (selector: string, bound: unknown, _options: unknown) =>
  (document: Record<string, unknown>): boolean =>
    valuesAt(document, selector.split('.')).some((value) => typeof value === 'string' && test(compareBytes(value, bound as string)));

/** Options for mingo's find, aggregate and Query: our byte-wise operators beside its own. */
export const SERVER_ORDER = {
  context: Context.init({
    query: {
      $gtBytes: byteOperator((order) => order > 0),
      $gteBytes: byteOperator((order) => order >= 0),
      $ltBytes: byteOperator((order) => order < 0),
      $lteBytes: byteOperator((order) => order <= 0),
    },
  }),
};

/**
 * A query filter with string range bounds given to our operators: the top-level logical operators
 * are followed, and field conditions rewritten; `$expr`, `$not` and `$elemMatch` are left to mingo
 * (the read store never sends a string range inside them).
 */
export function withServerStringOrder(filter: Document): Document {
  return Object.fromEntries(
    Object.entries(filter).map(([key, value]) => {
      if (['$and', '$or', '$nor'].includes(key) && Array.isArray(value)) return [key, value.map((part: Document) => withServerStringOrder(part))];
      if (key.startsWith('$') || !isOperatorObject(value)) return [key, value];
      const rewritten = Object.entries(value).map(([operator, operand]) =>
        operator in RANGE && typeof operand === 'string' ? [RANGE[operator as RangeOperator], operand] : [operator, operand],
      );
      return [key, Object.fromEntries(rewritten)];
    }),
  );
}

function isOperatorObject(value: unknown): value is Document {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((key) => key.startsWith('$'));
}

/** A pipeline whose `$match` stages use the server's string order. */
export function pipelineInServerOrder(pipeline: readonly Document[]): Document[] {
  return pipeline.map((stage) => ('$match' in stage ? { ...stage, $match: withServerStringOrder(stage.$match as Document) } : stage));
}

/**
 * The server's sort order (BSON type order, then within a type) for what the read store sorts on:
 * null and missing alike, numbers by value, strings by UTF-8 bytes, booleans, dates. Objects and
 * arrays, which it never sorts on, are ordered by type only, then by their JSON text.
 */
function typeRank(value: unknown): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === 'number' || typeof value === 'bigint') return 2;
  if (typeof value === 'string') return 3;
  if (Array.isArray(value)) return 5;
  if (value instanceof BSON.ObjectId) return 7;
  if (typeof value === 'boolean') return 8;
  if (value instanceof Date) return 9;
  return 4;
}

export function compareInServerOrder(a: unknown, b: unknown): number {
  const [rankA, rankB] = [typeRank(a), typeRank(b)];
  if (rankA !== rankB) return rankA - rankB;
  if (typeof a === 'string' && typeof b === 'string') return compareBytes(a, b);
  if (rankA === 2 || rankA === 8 || rankA === 9) return Number(a) - Number(b);
  if (rankA === 1) return 0;
  return compareBytes(JSON.stringify(a), JSON.stringify(b));
}

/** Compares as `cursor.sort(spec)` orders on a server: key by key, each ascending (1) or descending (-1). */
export function comparatorOf(spec: Record<string, number>): (x: Document, y: Document) => number {
  const keys = Object.entries(spec).map(([path, direction]) => ({ steps: path.split('.'), direction: direction < 0 ? -1 : 1 }));
  return (x, y) => {
    for (const { steps, direction } of keys) {
      const order = compareInServerOrder(valueAt(x, steps), valueAt(y, steps));
      if (order !== 0) return order * direction;
    }
    return 0;
  };
}

/** The value a dotted path reaches without stepping into arrays (an index key's, a sort key's). */
export function valueAt(document: Document, steps: readonly string[]): unknown {
  return steps.reduce<unknown>((value, step) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Document)[step] : undefined), document);
}
