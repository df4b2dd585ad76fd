import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiResponse,
  ApiServiceUnavailableResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ProblemDto } from './problem';

const problem = { type: ProblemDto, description: 'application/problem+json' };

/** The error responses every command endpoint can give. */
export const ApiCommandProblems = () =>
  applyDecorators(
    ApiBadRequestResponse({ ...problem, description: 'Invalid request: `errors` names each field and the reason' }),
    ApiUnauthorizedResponse({ ...problem, description: 'Missing or invalid bearer token' }),
    ApiForbiddenResponse({ ...problem, description: 'The token lacks a role that may do this' }),
    ApiNotFoundResponse({ ...problem, description: 'No such ticket' }),
    ApiConflictResponse({ ...problem, description: 'A business rule forbids this in the current state (`code`), or a concurrent change outlasted the retries' }),
    ApiResponse({ status: 412, ...problem, description: 'If-Match does not hold: the ticket has moved on (the answer carries its current ETag), or does not exist for `*`' }),
    ApiResponse({ status: 413, ...problem, description: 'The body is larger than HTTP_BODY_LIMIT_BYTES' }),
    ApiResponse({ status: 415, ...problem, description: 'The body is not application/json' }),
    ApiResponse({ status: 429, ...problem, description: 'Too many requests for this token or client address; see Retry-After' }),
    ApiUnprocessableEntityResponse({ ...problem, description: 'Well-formed but not allowed (e.g. nothing would change)' }),
  );

/** The error responses every query endpoint can give. */
export const ApiQueryProblems = () =>
  applyDecorators(
    ApiBadRequestResponse({ ...problem, description: 'Invalid query parameter: `errors` names it and the reason' }),
    ApiUnauthorizedResponse({ ...problem, description: 'Missing or invalid bearer token' }),
    ApiForbiddenResponse({ ...problem, description: 'The token lacks a role that may read this' }),
    ApiServiceUnavailableResponse({ ...problem, description: 'consistentWith: the read model did not reach the position in time' }),
    ApiResponse({ status: 429, ...problem, description: 'Too many requests for this token or client address; see Retry-After' }),
  );
