import { createHash } from 'node:crypto';
import { InvalidCursorError, type FieldValue, type Filter, type SortKey } from '../read-store';

/**
 * A keyset cursor: the sort values of the last item of a page (its `id` is the final key), plus a
 * fingerprint of the query it was made for (collection, filter and sort), so that a cursor replayed
 * against another list (another incident's notes, comments instead of work notes, another order)
 * is refused rather than silently skipping documents. Opaque to clients: base64url of JSON.
 */
export interface CursorScope {
  readonly collection: string;
  readonly filter: Filter | undefined;
  readonly order: readonly SortKey[];
}

interface CursorBody {
  readonly s: string;
  readonly k: readonly FieldValue[];
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_CURSOR_LENGTH = 4096;

/** A list's signature is asked on every page of it; each is remembered by the exact text it hashes. */
const MAX_REMEMBERED_SIGNATURES = 1024;
const rememberedSignatures = new Map<string, string>();

function signatureOf({ collection, filter, order }: CursorScope): string {
  const sort = order.map((key) => `${key.field}:${key.direction}`).join(',');
  const signed = JSON.stringify([collection, sortedEntries(filter ?? {}), sort]);
  let signature = rememberedSignatures.get(signed);
  if (signature === undefined) {
    signature = createHash('sha256').update(signed).digest('base64url').slice(0, 16);
    if (rememberedSignatures.size >= MAX_REMEMBERED_SIGNATURES) rememberedSignatures.clear();
    rememberedSignatures.set(signed, signature);
  }
  return signature;
}

/**
 * The filter's conditions in a fixed order, and a range's bounds too, so that the same query always
 * has the same fingerprint however it was written.
 */
function sortedEntries(filter: Filter): [string, unknown][] {
  return Object.keys(filter)
    .sort()
    .map((field) => [field, inFixedOrder(filter[field])]);
}

function inFixedOrder(condition: unknown): unknown {
  if (condition === null || typeof condition !== 'object' || '$in' in condition) return condition;
  const range = condition as Record<string, unknown>;
  return Object.fromEntries(Object.keys(range).sort().map((operator) => [operator, range[operator]]));
}

export function encodeCursor(scope: CursorScope, values: readonly FieldValue[]): string {
  const body: CursorBody = { s: signatureOf(scope), k: values };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** The sort values the next page starts after; throws InvalidCursorError for anything else. */
export function decodeCursor(cursor: string, scope: CursorScope): FieldValue[] {
  const { order } = scope;
  if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw new InvalidCursorError();
  const body = parseJson(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!isCursorBody(body) || body.s !== signatureOf(scope) || body.k.length !== order.length) {
    throw new InvalidCursorError();
  }
  if (typeof body.k[body.k.length - 1] !== 'string') throw new InvalidCursorError();
  return [...body.k];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidCursorError();
  }
}

function isCursorBody(value: unknown): value is CursorBody {
  if (value === null || typeof value !== 'object') return false;
  const { s, k } = value as Record<string, unknown>;
  return typeof s === 'string' && Array.isArray(k) && k.every(isFieldValue);
}

function isFieldValue(value: unknown): value is FieldValue {
  return value === null || ['string', 'boolean'].includes(typeof value) || (typeof value === 'number' && Number.isFinite(value));
}
