import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { map, type Observable } from 'rxjs';

/**
 * Conditional GETs of one record (RFC 9110, 8.8.3 and 13.1.2): the answer carries an ETag, and an
 * If-None-Match that matches it gets 304 with no body. The tag is the ticket's revision, then a
 * digest of this representation (`"3.Xk2…"`): the revision lets the client send the tag back as
 * If-Match on a command (the command API reads the revision from it); the digest changes with
 * anything else the answer shows (a CI's open incidents, a new projection version), so a 304 is
 * never stale.
 */
@Injectable()
export class ConditionalGet implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body: unknown) => {
        const tag = entityTagOf(body);
        if (tag === null) return body;
        void reply.header('etag', tag);
        if (!noneMatch(request.headers['if-none-match'], tag)) return body;
        void reply.status(304);
        return undefined;
      }),
    );
  }
}

export function entityTagOf(body: unknown): string | null {
  const revision = (body as { revision?: unknown } | null)?.revision;
  if (typeof revision !== 'number') return null;
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 16);
  return `"${revision}.${digest}"`;
}

/** If-None-Match uses weak comparison: `W/"x"` matches `"x"`; `*` matches any current representation. */
function noneMatch(header: string | string[] | undefined, tag: string): boolean {
  if (header === undefined) return false;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value.trim() === '*') return true;
  const opaque = (candidate: string) => candidate.trim().replace(/^W\//, '');
  return value.split(',').some((candidate) => opaque(candidate) === opaque(tag));
}
