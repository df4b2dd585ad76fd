import type { FieldValue, Filter } from '@itsm/read-store/port';

/** One value, or several of which any may match: what a list's filter on one field takes. */
export type OneOrMany<T extends FieldValue> = T | readonly T[];

/**
 * A list's filters as the store's conditions, the absent ones left out: one value is equality, several
 * a membership test (`$in`), which both stores answer from the same index as the one value.
 */
export function filterOf(fields: { readonly [field: string]: OneOrMany<FieldValue> | undefined }): Filter {
  const conditions: Record<string, FieldValue | { readonly $in: readonly FieldValue[] }> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    conditions[field] = isMany(value) ? { $in: [...value] } : value;
  }
  return conditions;
}

function isMany<T extends FieldValue>(value: OneOrMany<T>): value is readonly T[] {
  return Array.isArray(value);
}
