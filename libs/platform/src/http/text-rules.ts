import { isISO8601, ValidateBy, type ValidationOptions } from 'class-validator';

// Control characters are the point of these patterns, so eslint's no-control-regex does not apply.
/* eslint-disable no-control-regex */
/** C0 and C1 control characters (tab and line breaks included) and the Unicode line and paragraph separators. */
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** Control characters other than tab, line feed and carriage return, which prose may hold. */
const NOT_PROSE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/* eslint-enable no-control-regex */
/** Half of a surrogate pair without its other half: no UTF-8 encodes it, so it cannot be stored faithfully. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** RFC 3339: a calendar date, a time to the second (fractions allowed) and a zone; no week or ordinal dates. */
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

export const isOneLine = (text: string): boolean => !NOT_ONE_LINE.test(text);
export const isProse = (text: string): boolean => !NOT_PROSE.test(text);
export const isWellFormedText = (text: string): boolean => !LONE_SURROGATE.test(text);

/** An instant every store and client reads the same way; `isISO8601` strict refuses 2026-02-30, which Date.parse would roll over. */
export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && RFC_3339.test(value) && isISO8601(value, { strict: true, strictSeparator: true }) && !Number.isNaN(Date.parse(value));
}

const textRule = (name: string, accepts: (text: string) => boolean, what: string, options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name,
      validator: {
        // Only strings are judged here; IsString says what else is wrong.
        validate: (value: unknown) => typeof value !== 'string' || accepts(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} ${options?.each ? 'items ' : ''}${what}`,
      },
    },
    options,
  );

/** Names, titles, groups, callers, identifiers: one line, no control characters. */
export const SingleLine = (options?: ValidationOptions): PropertyDecorator =>
  textRule('singleLine', isOneLine, 'must be a single line without control characters', options);

/** Descriptions, notes, plans, reasons: line breaks and tabs are kept, other control characters refused. */
export const MultiLine = (options?: ValidationOptions): PropertyDecorator =>
  textRule('multiLine', isProse, 'must not contain control characters other than tab and line breaks', options);

/** An RFC 3339 instant with its zone, e.g. 2026-03-10T22:00:00Z. */
export const IsInstant = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => isInstant(value),
        defaultMessage: (args) => `${args?.property ?? 'value'} must be an RFC 3339 instant with a zone, e.g. 2026-03-10T22:00:00Z`,
      },
    },
    options,
  );
