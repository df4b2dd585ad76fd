import type { ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsObject, ValidateBy } from 'class-validator';
import { isOneLine, isProse } from '@itsm/platform';

const MAX_KEY_LENGTH = 100;
const apply = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

export const attributesDoc: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: { oneOf: [{ type: 'string', nullable: true }, { type: 'number' }, { type: 'boolean' }] },
  description:
    'Flat key/value pairs (string, number, boolean or null); the domain refuses nested values. A key is one line of at most 100 characters ' +
    'and not a name every JavaScript object already has (toString, constructor, __proto__...): such a key is refused, never dropped.',
  example: { os: 'linux', cpus: 8 },
};

/**
 * Why a key may not name an attribute, or null. A key such as toString or constructor would shadow
 * what every object has in each client that reads the CI, and class-transformer silently drops it.
 */
function keyProblem(key: string): string | null {
  if (key in Object.prototype) return `${key} is a name every JavaScript object has; choose another key`;
  if (key.length > MAX_KEY_LENGTH) return `a key is longer than ${MAX_KEY_LENGTH} characters`;
  if (!isOneLine(key)) return 'a key must be a single line without control characters';
  return null;
}

/** The first problem of an attribute map (keys, and text values as prose) or of a list of keys; null if none. */
function attributesProblem(value: unknown): string | null {
  const entries: [unknown, unknown][] = Array.isArray(value)
    ? value.map((key) => [key, undefined])
    : value !== null && typeof value === 'object' ? Object.entries(value) : [];
  for (const [key, text] of entries) {
    const problem = typeof key === 'string' ? keyProblem(key) : null;
    if (problem !== null) return problem;
    if (typeof text === 'string' && !isProse(text)) return `${key} must not contain control characters other than tab and line breaks`;
  }
  return null;
}

/** Keys (of a map, or a list of them) that may name attributes; the shape and value types are the domain's rule. */
export const AttributeKeys = (): PropertyDecorator =>
  ValidateBy({
    name: 'attributeKeys',
    validator: {
      validate: (value: unknown) => attributesProblem(value) === null,
      defaultMessage: (args) => `${args?.property}: ${attributesProblem(args?.value)}`,
    },
  });

/** The attributes exactly as sent (the original, not class-transformer's copy that skips toString or constructor), then checked. */
export const Attributes = (): PropertyDecorator => apply([Transform(({ obj, key }) => (obj as Record<string, unknown>)[key]), IsObject(), AttributeKeys()]);
