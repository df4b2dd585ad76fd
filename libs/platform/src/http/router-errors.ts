import type { ArgumentsHost } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException } from './problem';
import { REQUEST_ID_HEADER } from './request-id';
import { ProblemFilter } from './problem.filter';

/** The router's refusals, about the path rather than a field; Fastify's own messages echo the whole URL. */
const PATH_REFUSALS: Readonly<Record<string, { code: string; reason: string }>> = {
  FST_ERR_BAD_URL: { code: 'request.bad_url', reason: 'is not valid percent-encoded UTF-8' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'request.param_too_long', reason: 'has a segment longer than the router accepts' },
};

/** A router refusal as our problem, with Fastify's status (400, 414); anything else as it came. */
export function routerRefusal(error: Error & { code?: string; statusCode?: number }): Error {
  const refusal = PATH_REFUSALS[error.code ?? ''];
  if (refusal === undefined || error.statusCode === undefined) return error;
  return new ProblemException(error.statusCode, refusal.code, `The path ${refusal.reason}`, [{ field: 'path', reason: refusal.reason }]);
}

/**
 * Fastify's `frameworkErrors`: the router refuses a bad %-encoding or an over-long path parameter
 * before any hook or Nest runs, so the answer is rendered here by the same filter as every other,
 * with the request's id.
 */
export function answerRouterError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  // No onRequest hook runs for a request the router refuses: name the request here, as every answer does.
  void reply.header(REQUEST_ID_HEADER, request.id);
  const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) } as unknown as ArgumentsHost;
  new ProblemFilter().catch(routerRefusal(error), host);
}
