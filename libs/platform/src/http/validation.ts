import { ValidationPipe, type PipeTransform, type ValidationError } from '@nestjs/common';
import { invalidFields, type FieldProblem } from './problem';

function flatten(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Unknown fields are an error, not silently dropped: a typo must not look like success. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalidFields(flatten(errors)),
  });
}

/**
 * The body of a command that takes no fields (close, resume, start…): absent or `{}`. A field sent
 * there is refused like any unknown field, so a client that believes it said something is told it did not.
 */
export class NoFieldsPipe implements PipeTransform {
  transform(body: unknown): Record<string, never> {
    if (body === undefined || body === null || body === '') return {};
    if (typeof body !== 'object' || Array.isArray(body)) throw invalidFields([{ field: 'body', reason: 'this command takes no fields: send no body, or {}' }]);
    const fields = Object.keys(body);
    if (fields.length > 0) throw invalidFields(fields.map((field) => ({ field, reason: `property ${field} should not exist` })));
    return {};
  }
}
