import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
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
    ApiConflictResponse({ ...problem, description: 'If-Match revision is stale, or a business rule forbids this in the current state (`code`)' }),
    ApiUnprocessableEntityResponse({ ...problem, description: 'Well-formed but not allowed (e.g. nothing would change)' }),
  );

/** The error responses every query endpoint can give. */
export const ApiQueryProblems = () =>
  applyDecorators(
    ApiBadRequestResponse({ ...problem, description: 'Invalid query parameter: `errors` names it and the reason' }),
    ApiUnauthorizedResponse({ ...problem, description: 'Missing or invalid bearer token' }),
    ApiForbiddenResponse({ ...problem, description: 'The token lacks a role that may read this' }),
    ApiServiceUnavailableResponse({ ...problem, description: 'consistentWith: the read model did not reach the position in time' }),
  );
