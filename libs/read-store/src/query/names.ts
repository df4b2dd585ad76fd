/**
 * Collection names and field paths end up inside SQL (table names, JSON paths in expression indexes
 * cannot be bound as parameters), so every adapter accepts only plain identifiers.
 */
const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export class InvalidNameError extends Error {
  readonly code = 'read_store.invalid_name';
  constructor(kind: 'collection' | 'field', value: string) {
    super(`Invalid ${kind} name: ${JSON.stringify(value)}`);
    this.name = 'InvalidNameError';
  }
}

export function assertCollectionName(name: string): string {
  if (!COLLECTION_NAME.test(name)) throw new InvalidNameError('collection', name);
  return name;
}

export function assertFieldPath(path: string): string {
  if (!FIELD_PATH.test(path)) throw new InvalidNameError('field', path);
  return path;
}

/** Reads a dot-separated path; a missing step yields undefined. */
export function valueAt(document: unknown, path: string): unknown {
  let current: unknown = document;
  for (const step of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

export function assertLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  return limit;
}
