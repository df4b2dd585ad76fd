import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { CorsOrigins } from '@itsm/config';

/** What a browser app may send: the token, JSON, the preconditions, the keys and ids, the feed's resume point. */
export const CORS_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'Accept', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'Prefer', 'X-Correlation-Id', 'X-Request-Id', 'Last-Event-ID', 'traceparent', 'tracestate'];
/** What a browser app may read beyond the safelisted headers: revisions, replays, back-off, ids, where a record or a pack is. */
export const CORS_EXPOSED_HEADERS = ['ETag', 'Idempotent-Replayed', 'Retry-After', 'X-Request-Id', 'Location', 'Content-Disposition'];

/**
 * Cross-origin calls from the browser apps named in CORS_ORIGINS. With none named, CORS is not
 * answered at all: a preflight is 404 like any unknown route, and a browser refuses the call.
 * Credentials (cookies) are never allowed: the APIs take bearer tokens only.
 */
export function allowCrossOrigin(app: NestFastifyApplication, origins: CorsOrigins): void {
  if (origins === null) return;
  app.enableCors({
    origin: origins === '*' ? '*' : [...origins],
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: CORS_REQUEST_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    credentials: false,
    maxAge: 600,
  });
}
