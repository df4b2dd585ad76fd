import { AuthError } from './auth-errors';

export const MAX_SUBJECT_LENGTH = 200;

/**
 * Control and format characters (bidi overrides, zero-width joiners), lone surrogates (not
 * well-formed Unicode), private-use and unassigned code points, and line or paragraph separators.
 */
const UNPRINTABLE = /[\p{C}\p{Zl}\p{Zp}]/u;

/**
 * The subject becomes the actor recorded on every event, read by people in audit trails forever:
 * it must be short, printable, and look like what it is (no hidden or reordered characters).
 */
export function checkSubject(value: unknown, claim: string): string {
  const refuse = (why: string) => new AuthError('auth.subject_invalid', `The ${claim} claim ${why}.`);
  if (typeof value !== 'string' || value.length === 0) throw refuse('is not a non-empty string');
  // Code points, not UTF-16 units; the first test spares counting a 10 KB string.
  if (value.length > 2 * MAX_SUBJECT_LENGTH || [...value].length > MAX_SUBJECT_LENGTH) throw refuse(`is longer than ${MAX_SUBJECT_LENGTH} characters`);
  if (UNPRINTABLE.test(value)) throw refuse('contains control, format or unassigned characters, or is not well-formed Unicode');
  if (value.trim() !== value) throw refuse('begins or ends with white space');
  return value;
}
