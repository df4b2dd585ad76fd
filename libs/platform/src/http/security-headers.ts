import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyHelmet from '@fastify/helmet';

const SELF = "'self'";

/**
 * The usual security headers (helmet's defaults: HSTS, nosniff, frame and referrer policies...)
 * with a Content-Security-Policy that Swagger UI at /docs still works under: its scripts and CSS are
 * served from here, but it writes inline styles and data: images. `upgrade-insecure-requests` is
 * left out, as the apps also serve plain HTTP on a trusted network and /docs would load nothing.
 */
export async function sendSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.getHttpAdapter().getInstance().register(fastifyHelmet, {
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
}
