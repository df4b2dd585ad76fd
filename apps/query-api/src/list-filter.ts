import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, isUUID, ValidateBy } from 'class-validator';
import { invalidField, isOneLine, isWellFormedText } from '@itsm/platform';
import { toList } from './page-query.dto';

/**
 * Filters on a list, one convention for every list: a filter is named after the field of the items
 * it narrows, and takes one value or several (`?status=new,on_hold`, `?status=new&status=on_hold`,
 * or a mix), any of which may match. Every value is judged, and a bad one is refused by name.
 */
export const MAX_FILTER_VALUES = 50;
export const MAX_FILTER_TEXT = 100;

type Scalar = string | number;

interface FilterDoc {
  /** What the filter narrows to, in a few words. */
  readonly description: string;
  readonly example?: Scalar;
  /** The filter's current name, when this one is an older name kept for documented clients. */
  readonly deprecatedFor?: string;
}

const SEVERAL = 'One value, or several (repeat the parameter or separate with commas): any may match.';

/** A field holding one of a closed set of values (statuses, priorities, kinds). */
export function AnyOf(values: readonly Scalar[], doc: FilterDoc): PropertyDecorator {
  const numeric = values.every((value) => typeof value === 'number');
  const judge = (value: unknown): string | null => (values.includes(value as Scalar) ? null : `${quoted(value)} is not one of ${values.join(', ')}`);
  return applyDecorators(
    ApiPropertyOptional({ type: numeric ? 'integer' : 'string', isArray: true, enum: [...values], ...openApiOf(doc, values[0]) }),
    IsOptional(),
    Transform(({ value }) => toList({ value }).map((item) => (numeric ? asInteger(item) : item))),
    EachValue(judge),
  );
}

/** A field holding a name (a group, an assignee, a class, an id): one line of text, not empty. */
export function AnyText(doc: FilterDoc, maxLength = MAX_FILTER_TEXT): PropertyDecorator {
  const judge = (value: unknown): string | null => {
    if (typeof value !== 'string' || value.length === 0) return `${quoted(value)} is empty`;
    if (value.length > maxLength) return `${quoted(value.slice(0, 20))}… is longer than ${maxLength} characters`;
    if (!isOneLine(value) || !isWellFormedText(value)) return `${quoted(value)} is not a single line of text without control characters`;
    return null;
  };
  return applyDecorators(
    ApiPropertyOptional({ type: 'string', isArray: true, ...openApiOf(doc, doc.example) }),
    IsOptional(),
    Transform(toList),
    EachValue(judge),
  );
}

/** A filter by record ids: each value a UUID, so a typo is refused rather than answered with nothing. */
export function AnyId(doc: FilterDoc): PropertyDecorator {
  const judge = (value: unknown): string | null => (typeof value === 'string' && isUUID(value) ? null : `${quoted(typeof value === 'string' ? value.slice(0, 40) : value)} is not an id (a UUID)`);
  return applyDecorators(
    ApiPropertyOptional({ type: 'string', format: 'uuid', isArray: true, ...openApiOf(doc, doc.example) }),
    IsOptional(),
    Transform(toList),
    EachValue(judge),
  );
}

/**
 * The values of a filter sent under its name, or under the older name it replaces (kept for
 * documented clients); both at once is refused rather than one silently winning.
 */
export function underEitherName<T>(values: { readonly [name: string]: T | undefined }, current: string, deprecated: string): T | undefined {
  const [now, before] = [values[current], values[deprecated]];
  if (now !== undefined && before !== undefined) throw invalidField(deprecated, `is the deprecated name of ${current}: send ${current} alone`);
  return now ?? before;
}

function openApiOf(doc: FilterDoc, example: Scalar | undefined) {
  const description = doc.deprecatedFor === undefined ? `${doc.description}. ${SEVERAL}` : `Deprecated: use ${doc.deprecatedFor}, which it means. ${doc.description}. ${SEVERAL}`;
  return { description, ...(doc.deprecatedFor !== undefined && { deprecated: true }), ...(example !== undefined && { example: [example] }) };
}

/** Every value judged; the reason names the first bad one, so the caller sees which. */
function EachValue(judge: (value: unknown) => string | null): PropertyDecorator {
  return ValidateBy({
    name: 'eachValue',
    validator: {
      validate: (values: unknown) => Array.isArray(values) && values.length > 0 && values.length <= MAX_FILTER_VALUES && values.every((value) => judge(value) === null),
      defaultMessage: (args) => {
        const values = Array.isArray(args?.value) ? (args.value as unknown[]) : [];
        if (values.length > MAX_FILTER_VALUES) return `takes at most ${MAX_FILTER_VALUES} values`;
        return values.map(judge).find((reason) => reason !== null) ?? 'takes one value or several';
      },
    },
  });
}

/** A whole number as written (`2`), else the text itself, so that the refusal quotes what was sent. */
function asInteger(value: unknown): unknown {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
}

function quoted(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
