import type { FastifyRequest } from 'fastify';
import { invalidFields, type FieldProblem } from './problem';
import { isOneLine, isWellFormedText } from './text-rules';

const NOT_WELL_FORMED = 'must be well-formed Unicode (it holds half of a surrogate pair)';
const NOT_ONE_LINE = 'must be a single line without control characters';

/**
 * Keys that name what every object has (toString, constructor, __proto__) or `prototype`: Nest's
 * ValidationPipe and class-transformer drop them without a word, so a request holding one would be
 * answered 201 for data it did not store. Refused instead, wherever they are.
 */
const isReservedKey = (key: string): boolean => key in Object.prototype || key === 'prototype';

const join = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

/** Every string of `value` that is not well-formed Unicode, and every reserved or ill-formed key, named by its path. */
export function inputProblems(value: unknown, path = '', found: FieldProblem[] = []): FieldProblem[] {
  if (typeof value === 'string') {
    if (!isWellFormedText(value)) found.push({ field: path, reason: NOT_WELL_FORMED });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => inputProblems(item, join(path, String(index)), found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const field = join(path, key);
      if (!isWellFormedText(key)) found.push({ field, reason: `the key ${NOT_WELL_FORMED}` });
      else if (isReservedKey(key)) found.push({ field, reason: `${key} is a name every JavaScript object has, so it cannot be a key` });
      else inputProblems(item, field, found);
    }
  }
  return found;
}

/** Path parameters are ids, names and groups: one line each. */
function parameterProblems(params: unknown): FieldProblem[] {
  return Object.entries((params ?? {}) as Record<string, unknown>)
    .filter(([, value]) => typeof value === 'string' && !isOneLine(value))
    .map(([field]) => ({ field, reason: NOT_ONE_LINE }));
}

/**
 * A preValidation hook, so it runs before any pipe, DTO or command. A lone surrogate is stored as
 * U+FFFD, so two different names would become one stream and the hash chain would no longer verify:
 * refused wherever strings arrive (path, query, body), with reserved keys (above).
 */
export async function refuseIllFormedInput(request: FastifyRequest): Promise<void> {
  const problems = [...inputProblems(request.params), ...parameterProblems(request.params), ...inputProblems(request.query), ...inputProblems(request.body)];
  if (problems.length > 0) throw invalidFields(problems);
}
