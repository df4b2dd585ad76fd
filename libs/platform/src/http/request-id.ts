import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { invalidField } from './problem';

export const REQUEST_ID_HEADER = 'x-request-id';
/** What a caller may send as its request id: 1 to 200 visible ASCII characters, as it may also become the correlation id. */
const REQUEST_ID = /^[\x21-\x7e]{1,200}$/;

/** Fastify's genReqId: the caller's X-Request-Id when usable, otherwise a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Every answer names its request (X-Request-Id), refusals included; a request id sent that is not
 * usable is refused (400 naming the header) under an id of our own. The id is also left in the
 * request's headers, where a command takes it as its correlation id when it is given none.
 */
export function identifyRequests(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    const given = request.headers[REQUEST_ID_HEADER];
    if (given !== undefined && given !== request.id) throw invalidField('X-Request-Id', 'must be 1 to 200 visible ASCII characters');
    request.headers[REQUEST_ID_HEADER] = request.id;
  });
}
