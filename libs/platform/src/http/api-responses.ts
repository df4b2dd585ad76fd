import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiResponse,
  ApiServiceUnavailableResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ProblemDto } from './problem';

const problem = { type: ProblemDto, description: 'application/problem+json' };

/** The error responses every query endpoint can give. */
export const ApiQueryProblems = () =>
  applyDecorators(
    ApiBadRequestResponse({ ...problem, description: 'Invalid query parameter: `errors` names it and the reason' }),
    ApiUnauthorizedResponse({ ...problem, description: 'Missing or invalid bearer token' }),
    ApiForbiddenResponse({ ...problem, description: 'The token lacks a role that may read this' }),
    ApiServiceUnavailableResponse({ ...problem, description: 'consistentWith: the read model did not reach the position in time' }),
    ApiResponse({ status: 429, ...problem, description: 'Too many requests for this token or client address; see Retry-After' }),
  );
