import { HttpException } from '@nestjs/common';
import { errorCodes } from 'fastify';
import { ChainBrokenError, ConcurrencyError, DuplicateEventIdError, EventStoreUnavailableError } from '@itsm/event-store';
import { PersonalDataVaultUnavailableError } from '@itsm/personal-data';
import { InvalidCursorError, ReadStoreUnavailableError } from '@itsm/read-store';
import { IdempotencyKeyReusedError, PreconditionFailedError } from '@itsm/write-path';
import { authProblem } from '../../auth/auth-problem';
import { AUTH_ERROR_CODES, AuthError, type AuthErrorCode } from '../../auth/auth-errors';
import { bodyNotUtf8, bodyTooDeep } from '../json-body';
import { invalidField } from '../problem';
import { routerRefusal } from '../router-errors';
import { TokenRateLimiter } from '../rate-limits';
import { answerOf, type ProblemAnswer } from './problem-answers';

/**
 * The problems the platform itself can answer, each made by the code that answers it in production
 * (the auth table, the rate limiter, the write path's errors) and rendered by the problem filter.
 * The words in examples (a stream, a field) are samples; the status, code and headers are the code's.
 */

const refusedByRateLimit = (): unknown => {
  try {
    new TokenRateLimiter(0).take('a caller', 0);
  } catch (refusal) {
    return refusal;
  }
  throw new Error('TokenRateLimiter(0) let a request through');
};

/**
 * Any route, public or not: a malformed X-Request-Id (the request id hook), a path that is not
 * percent-encoded UTF-8 (the router), and on a route with a path parameter, one longer than the router takes.
 */
export const anyRouteProblems = (hasPathParameter: boolean): ProblemAnswer[] => [
  answerOf(invalidField('X-Request-Id', 'must be 1 to 200 visible ASCII characters')),
  answerOf(routerRefusal(new errorCodes.FST_ERR_BAD_URL('/incidents/%E0%A4%A'))),
  ...(hasPathParameter ? [answerOf(routerRefusal(new errorCodes.FST_ERR_MAX_PARAM_LENGTH()))] : []),
];
export const rateLimitedProblems = (): ProblemAnswer[] => [answerOf(refusedByRateLimit())];

/** Any route: a fault of ours (logged with its stack; the answer says no more). */
export const faultProblems = (): ProblemAnswer[] => [answerOf(new Error('a fault of ours'))];

/** Routes behind the bearer token: every refusal of the auth table, and a token without a role that may do this. */
export const authenticatedProblems = (): ProblemAnswer[] => [
  ...(Object.keys(AUTH_ERROR_CODES) as AuthErrorCode[]).map((code) => answerOf(authProblem(new AuthError(code, AUTH_ERROR_CODES[code].rule, 1)))),
  answerOf(new HttpException('This needs one of the roles: agent, manager, admin', 403)),
];

/** Commands that take a JSON body: its fields refused, the body not JSON, too large, or of another media type. */
export const bodyProblems = (): ProblemAnswer[] => [
  answerOf(invalidField('title', 'title must be shorter than or equal to 160 characters')),
  answerOf(new HttpException('Body is not valid JSON but content-type is set to \'application/json\'', 400)),
  answerOf(bodyNotUtf8()),
  answerOf(bodyTooDeep()),
  answerOf(new HttpException('Request body is too large', 413)),
  answerOf(new HttpException('Unsupported Media Type: text/plain', 415)),
];

/** Every command through the write path: the key reused, a conflict that outlasted the retries, the store or the vault down. */
export const writePathProblems = (stream: string): ProblemAnswer[] => [
  answerOf(invalidField('Idempotency-Key', 'must be 1 to 255 visible ASCII characters')),
  answerOf(new IdempotencyKeyReusedError({ commandId: '', requestHash: '', stream, commandType: 'AssignIncident', streamRevision: 3 })),
  answerOf(new ConcurrencyError(stream, 3, 4)),
  answerOf(new DuplicateEventIdError(stream, '0b6f0b7e-2a71-4a39-8a4e-9b1f3a6c2d10')),
  answerOf(new EventStoreUnavailableError('connection refused')),
  answerOf(new PersonalDataVaultUnavailableError('its writer thread stopped (exit code 1)')),
  answerOf(new ChainBrokenError({ position: '00000000000000001234', stream, revision: 3, reason: 'hash_mismatch', detail: 'the event’s hash is not the hash of its content' })),
];

/** Commands on one ticket that honour If-Match: it does not hold (412, with the ticket's ETag). */
export const preconditionProblems = (stream: string): ProblemAnswer[] => [
  answerOf(invalidField('If-Match', 'must be *, or entity-tags such as "3" (the ETag of the revision last seen)')),
  answerOf(new PreconditionFailedError(stream, [3], 4)),
];

/** Queries: the read store down; a cursor that is not this list's. */
export const readProblems = (): ProblemAnswer[] => [answerOf(new ReadStoreUnavailableError('connection refused'))];
export const cursorProblems = (): ProblemAnswer[] => [answerOf(new InvalidCursorError())];
