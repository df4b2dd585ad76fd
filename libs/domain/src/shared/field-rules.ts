import type { DomainError } from './domain-error';

/** Builds the aggregate's own "invalid field" error, so each aggregate keeps its own code. */
export type InvalidField = (field: string, message: string, details?: Readonly<Record<string, unknown>>) => DomainError;

/**
 * Checks for data that arrives as JSON: a DTO can require a string but not that it says something,
 * and a union type alone does not keep an unknown value out of the log.
 */
export interface FieldRules {
  requireText(field: string, value: unknown): string;
  /** Absent (undefined or null) is a choice; a blank string is a mistake, not a way of saying "absent". */
  optionalText(field: string, value: unknown): string | null;
  requireOneOf<T>(field: string, value: unknown, allowed: readonly T[]): T;
  /** A non-empty list of ids, returned sorted and without duplicates: a set, whatever order it came in. */
  requireIdSet(field: string, value: unknown): readonly string[];
  requireCount(field: string, value: unknown): number;
}

export function fieldRules(invalid: InvalidField): FieldRules {
  const requireText = (field: string, value: unknown): string => {
    if (typeof value !== 'string' || value.trim() === '') throw invalid(field, `${field} must not be blank`);
    return value;
  };
  return {
    requireText,
    optionalText: (field, value) => (value === undefined || value === null ? null : requireText(field, value)),
    requireOneOf<T>(field: string, value: unknown, allowed: readonly T[]): T {
      if (!allowed.includes(value as T)) {
        throw invalid(field, `${field} must be one of ${allowed.join(', ')}`, { allowed });
      }
      return value as T;
    },
    requireIdSet(field, value) {
      if (!Array.isArray(value) || value.length === 0) throw invalid(field, `${field} must name at least one id`);
      const ids = value.map((id: unknown, index) => requireText(`${field}[${index}]`, id));
      return [...new Set(ids)].sort();
    },
    requireCount(field, value) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        throw invalid(field, `${field} must be a whole number, zero or more`);
      }
      return value;
    },
  };
}
