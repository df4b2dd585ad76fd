import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppMetrics } from '@itsm/platform';

/**
 * The platform logs and counts each answer in Fastify's onResponse hook, which runs when the answer
 * finishes. A feed mostly ends the other way: its client leaves, the socket closes, and the answer
 * never finishes, so the hook never runs. Such a feed is logged and counted here, once, with the
 * fields the hook writes and how long it stayed open; a feed the server ends finishes, and the hook
 * records it.
 */
export function recordWhenLeftUnfinished(request: FastifyRequest, reply: FastifyReply, metrics: AppMetrics): void {
  let finished = false;
  reply.raw.once('finish', () => (finished = true));
  reply.raw.once('close', () => {
    if (finished) return;
    const seconds = reply.elapsedTime / 1000;
    metrics.requestAnswered(request.method, request.routeOptions.url, reply.statusCode, seconds);
    const subject = (request as { principal?: { subject: string } }).principal?.subject;
    const line = {
      method: request.method,
      url: request.url,
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      remoteAddress: request.ip,
      ...(subject === undefined ? {} : { subject }),
      endedBy: 'client',
    };
    request.log.info(line, 'request');
  });
}
