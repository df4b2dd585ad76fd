import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

const SELF = "'self'";

/**
 * The usual security headers (helmet's defaults: HSTS, nosniff, frame and referrer policies...)
 * with a Content-Security-Policy that Swagger UI at /docs still works under: its scripts and CSS are
 * served from here, but it writes inline styles and data: images. `upgrade-insecure-requests` is
 * left out, as the apps also serve plain HTTP on a trusted network and /docs would load nothing.
 */
const HELMET = helmet({
  // Framing is refused outright, as the CSP's frame-ancestors 'none' says.
  frameguard: { action: 'deny' },
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: [SELF],
      baseUri: [SELF],
      connectSrc: [SELF],
      fontSrc: [SELF, 'data:'],
      formAction: [SELF],
      frameAncestors: ["'none'"],
      imgSrc: [SELF, 'data:'],
      objectSrc: ["'none'"],
      scriptSrc: [SELF],
      scriptSrcAttr: ["'none'"],
      styleSrc: [SELF, "'unsafe-inline'"],
    },
  },
});

/**
 * The headers are the same on every answer (no nonces), so helmet runs once, here, against a
 * response that only records them; each answer then gets the recorded set. Running helmet per
 * request (as @fastify/helmet does) parsed the CSP directives every time: 4 % of the command API's CPU.
 */
export function securityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  } as unknown as ServerResponse;
  HELMET({} as IncomingMessage, recorder, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

export function sendSecurityHeaders(app: NestFastifyApplication): void {
  const headers = securityHeaders();
  app.getHttpAdapter().getInstance().addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}
