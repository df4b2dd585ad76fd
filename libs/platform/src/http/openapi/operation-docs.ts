import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { DomainErrorTable } from '@itsm/domain';
import { REQUEST_HEADERS, type ResponseHeaderName } from './headers';
import { answerOf, domainProblems, type ProblemAnswer } from './problem-answers';
import { bodyProblems, preconditionProblems, writePathProblems } from './platform-problems';

/**
 * What the decorators leave on an operation for the document's finishing pass (openapi-document.ts),
 * which turns them into responses, headers and tags and removes them.
 */
export const EXTENSIONS = {
  /** ProblemAnswer[] of the controller's operations. */
  problems: 'x-itsm-problems',
  /** ProblemAnswer[] of one operation, beside its controller's. */
  routeProblems: 'x-itsm-route-problems',
  /** ResponseHeaderName[] the success answer carries. */
  successHeaders: 'x-itsm-success-headers',
  /** The route answers If-None-Match with 304. */
  conditionalGet: 'x-itsm-conditional-get',
  /** No token needed. */
  public: 'x-itsm-public',
  /** { name, description } of the controller's tag. */
  tag: 'x-itsm-tag',
} as const;

/** The controller's tag, with the description the document lists it with. */
export const ApiTag = (name: string, description: string) => applyDecorators(ApiTags(name), ApiExtension(EXTENSIONS.tag, { name, description }));

/** This operation needs no token (the probes, the metrics): no 401 or 403, no security requirement. */
export const ApiPublic = () => ApiExtension(EXTENSIONS.public, true);

/** Problems this operation answers besides its controller's: the errors its own code throws, made as it makes them. */
export const ApiProblems = (...errors: unknown[]) => ApiExtension(EXTENSIONS.routeProblems, errors.map((error) => answerOf(error)));

export interface CommandDocs {
  /** The aggregate's error table: every rule its commands can break. */
  readonly rules: readonly DomainErrorTable[];
  /** A sample stream name for the examples of the write path's problems. */
  readonly stream: string;
  /** The answer carries the stream's revision as an ETag (commands on a ticket), to send back as If-Match. */
  readonly etag: boolean;
}

/**
 * The commands of one controller, all through the write path: the headers they read
 * (Idempotency-Key, X-Correlation-Id, If-Match: the write path honours it on every stream), the
 * headers they answer with, and every problem they can answer: a refused body, the write path's,
 * and the rules of the aggregate, from its own table.
 */
export function ApiCommands(docs: CommandDocs) {
  const problems: ProblemAnswer[] = [
    ...bodyProblems(),
    ...writePathProblems(docs.stream),
    ...preconditionProblems(docs.stream),
    ...docs.rules.flatMap(domainProblems),
  ];
  const answerHeaders: ResponseHeaderName[] = docs.etag ? ['ETag', 'Idempotent-Replayed'] : ['Idempotent-Replayed'];
  return applyDecorators(
    ApiHeader({ name: 'Idempotency-Key', required: false, description: REQUEST_HEADERS['Idempotency-Key'], schema: { type: 'string', example: 'open-7f3c2a' } }),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: REQUEST_HEADERS['X-Correlation-Id'], schema: { type: 'string', example: 'migration-2026-03' } }),
    ApiHeader({ name: 'If-Match', required: false, description: REQUEST_HEADERS['If-Match'], schema: { type: 'string', example: '"3"' } }),
    ApiExtension(EXTENSIONS.problems, problems),
    ApiExtension(EXTENSIONS.successHeaders, answerHeaders),
  );
}

/**
 * A read of one ticket that answers with an ETag and honours If-None-Match (304): to be applied
 * wherever the query API's ConditionalGet interceptor is.
 */
export const ApiConditionalGet = () =>
  applyDecorators(
    ApiHeader({ name: 'If-None-Match', required: false, description: REQUEST_HEADERS['If-None-Match'], schema: { type: 'string', example: '"4.Xk2fQ9pL0aBc3dEf"' } }),
    ApiExtension(EXTENSIONS.conditionalGet, true),
  );
