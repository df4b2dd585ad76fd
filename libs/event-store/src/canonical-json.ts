import { Json } from './event-store';

/**
 * JSON with object keys sorted at every depth, so the same value always hashes the same no matter
 * how a store or a driver re-ordered its keys. Keys whose value is undefined are dropped, as
 * JSON.stringify does (they do not survive storage either).
 */
export function canonicalJson(value: Json | undefined): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    if (record[key] !== undefined) sorted[key] = sortKeys(record[key]);
  }
  return sorted;
}
