import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { activeTraceIds, nameServerSpan } from '../tracing/active-trace';
import { invalidField } from './problem';

export const REQUEST_ID_HEADER = 'x-request-id';
/** What a caller may send as its request id: 1 to 200 visible ASCII characters, as it may also become the correlation id. */
const REQUEST_ID = /^[\x21-\x7e]{1,200}$/;

/**
 * Fastify's genReqId: the caller's X-Request-Id when usable, otherwise one of ours. While tracing is
 * on, ours is the request's server span, `<trace-id>-<span-id>`, so a log line (and a correlation id
 * taken from it) leads to its trace; otherwise a new UUID.
 */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  if (typeof given === 'string' && REQUEST_ID.test(given)) return given;
  const trace = activeTraceIds();
  return trace === null ? randomUUID() : `${trace.traceId}-${trace.spanId}`;
}

/**
 * Every answer names its request (X-Request-Id), refusals included; a request id sent that is not
 * usable is refused (400 naming the header) under an id of our own. The id is also left in the
 * request's headers, where a command takes it as its correlation id when it is given none.
 */
export function identifyRequests(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    // Once routed, the route names the server span (`POST /incidents/:id/assign`), refusals included.
    if (request.routeOptions.url !== undefined) nameServerSpan(request.routeOptions.url);
    void reply.header(REQUEST_ID_HEADER, request.id);
    const given = request.headers[REQUEST_ID_HEADER];
    if (given !== undefined && given !== request.id) throw invalidField('X-Request-Id', 'must be 1 to 200 visible ASCII characters');
    request.headers[REQUEST_ID_HEADER] = request.id;
  });
}
