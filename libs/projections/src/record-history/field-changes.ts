/** One field an event changed in the record, with its value before and after. */
export interface FieldChange {
  /** Dotted path into the record: `priority`, `window.start`, `attributes.os`. */
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** What every event moves and the entry says already (who, when, which revision). */
const BOOKKEEPING = new Set(['id', '_position', 'revision', 'updatedAt', 'updatedBy']);

/**
 * The fields that differ between two states of a record, in the order they appear. Objects are
 * walked field by field (so an attribute or a window's end shows as itself); lists and values are
 * compared whole. An absent field reads as null, so a record coming into being shows every field.
 */
export function fieldChanges(before: object | null, after: object | null): FieldChange[] {
  const changes: FieldChange[] = [];
  walk(before, after, '', changes);
  return changes;
}

function walk(before: unknown, after: unknown, path: string, changes: FieldChange[]): void {
  if ((isRecord(before) || before == null) && (isRecord(after) || after == null) && (isRecord(before) || isRecord(after))) {
    const from = (before ?? {}) as Record<string, unknown>;
    const to = (after ?? {}) as Record<string, unknown>;
    for (const key of unionOfKeys(from, to)) {
      if (path === '' && BOOKKEEPING.has(key)) continue;
      walk(from[key], to[key], path === '' ? key : `${path}.${key}`, changes);
    }
    return;
  }
  if (!sameValue(before, after)) changes.push({ field: path, from: before ?? null, to: after ?? null });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function unionOfKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])];
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
