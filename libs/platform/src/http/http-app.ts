import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig, type AppConfig } from '@itsm/config';
import { createLogger, NestPinoLogger, type AppLogLevel } from '../logging/logger';
import { AppMetrics } from '../metrics/app-metrics';
import { allowCrossOrigin } from './cors';
import { acceptJsonBodiesOnly } from './json-body';
import { setupOpenApi } from './openapi';
import { ProblemFilter } from './problem.filter';
import { limitRequestRates } from './rate-limits';
import { answerRouterError } from './router-errors';
import { clientErrorAnswerer } from './client-errors';
import { securityHeaders, sendSecurityHeaders } from './security-headers';
import { createValidationPipe } from './validation';
import { identifyRequests, requestIdOf } from './request-id';
import { refuseIllFormedInput } from './well-formed-input';

export interface HttpAppOptions {
  /** The app's name in its log lines. */
  readonly name?: string;
  readonly title: string;
  readonly description: string;
  /** false: silent (tests). */
  readonly logLevel?: AppLogLevel | false;
  /** Where the JSON log lines go: standard output unless a spec listens. */
  readonly logDestination?: DestinationStream;
}

/** Fastify's default, stated: ids are UUIDs and names at most 200 characters, so a longer segment is refused (414). */
export const MAX_PATH_PARAMETER_LENGTH = 100;

/** Everything the three apps share: Fastify, CORS, abuse controls, validation, problem+json, OpenAPI. */
export async function createHttpApp(module: unknown, config: AppConfig, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const logger = createLogger(options.name ?? 'app', options.logLevel ?? 'log', options.logDestination);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // One access line per request (logAccess), not Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.http.bodyLimitBytes,
    routerOptions: { maxParamLength: MAX_PATH_PARAMETER_LENGTH },
    frameworkErrors: answerRouterError,
    clientErrorHandler: clientErrorAnswerer(securityHeaders()),
    // A request that never finishes would hold its connection, and a clean shutdown, forever. Node
    // checks the timeout only every connectionsCheckingInterval (30 s by default), so check often;
    // and it silently skips the check while headersTimeout (60 s by default) exceeds requestTimeout.
    requestTimeout: config.http.requestTimeoutMs,
    http: {
      connectionsCheckingInterval: Math.min(1_000, config.http.requestTimeoutMs),
      headersTimeout: Math.min(60_000, config.http.requestTimeoutMs),
    },
    // On shutdown, idle keep-alive connections are closed rather than waited for, and requests under
    // way finish (requestTimeout bounds them) before the stores close beneath them. `true` destroyed
    // busy connections too: a SIGTERM under load cut commands off half done (a number taken, no incident).
    forceCloseConnections: 'idle',
    // The caller's X-Request-Id when usable, else ours (request-id.ts).
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
  const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
    // Ours instead (acceptJsonBodiesOnly): JSON only, its depth bounded.
    bodyParser: false,
  });
  const metrics = app.get(AppMetrics, { strict: false });
  metrics.nameApp(options.name ?? 'app');
  await configureHttpApp(app, config, options, metrics);
  return app;
}

async function configureHttpApp(app: NestFastifyApplication, config: AppConfig, options: Pick<HttpAppOptions, 'title' | 'description'>, metrics: AppMetrics): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Headers, then rate limits, before anything else: both cover every answer, refusals included.
  sendSecurityHeaders(app);
  identifyRequests(fastify);
  recordAnswers(fastify, metrics);
  allowCrossOrigin(app, config.http.corsOrigins);
  if (config.http.rateLimit !== null) await limitRequestRates(app, config.http.rateLimit);
  acceptJsonBodiesOnly(fastify, config.http.bodyLimitBytes);
  fastify.addHook('preValidation', refuseIllFormedInput);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();
  finishRequestsUnderWayOnShutdown(fastify);
  setupOpenApi(app, options.title, options.description);
}

/** Longer than a command takes, even one waiting out a busy SQLite file (busy_timeout, 5 s). */
const SHUTDOWN_GRACE_MS = 10_000;

/**
 * On shutdown the server stops listening and waits for the requests whose handling has begun, so the
 * stores are closed only after every command under way is answered (destroying busy connections, as
 * before, cut commands off half done: a number taken, no incident). Once none is under way, every
 * connection left is closed: idle keep-alive ones, and any whose request has not arrived whole. The
 * grace bounds the wait.
 */
function finishRequestsUnderWayOnShutdown(fastify: FastifyInstance): void {
  let underWay = 0;
  // Counted once its body has arrived whole: before that its handling has not begun, and a client
  // that stalls half-way through its body must not hold the shutdown up.
  fastify.addHook('preValidation', async (_request, reply) => {
    underWay += 1;
    // 'close' comes once the answer is sent, or the connection is gone: whichever way it ends.
    reply.raw.once('close', () => (underWay -= 1));
  });
  fastify.addHook('preClose', (done) => {
    const started = Date.now();
    const sweep = setInterval(() => {
      if (underWay > 0 && Date.now() - started < SHUTDOWN_GRACE_MS) return;
      clearInterval(sweep);
      fastify.server.closeAllConnections();
    }, 10).unref();
    done();
  });
}

/**
 * Each answer, once sent, is counted (by method, route pattern and status) and logged on one line:
 * who asked what, the route it matched, the status and how long it took; the request id is on every
 * line its request logs (Fastify's reqId). A server error is logged at error, so an alert can follow it.
 * An answer its client leaves before it finishes (a Server-Sent Events stream, mostly) never reaches
 * Fastify's onResponse: it is recorded when its connection closes, once, `endedBy: "client"`.
 */
function recordAnswers(fastify: FastifyInstance, metrics: AppMetrics): void {
  const recorded = new WeakSet<FastifyReply>();
  const record = (request: FastifyRequest, reply: FastifyReply, endedBy?: 'client') => {
    if (recorded.has(reply)) return;
    recorded.add(reply);
    metrics.requestAnswered(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    const subject = (request as { principal?: { subject: string } }).principal?.subject;
    const line = {
      method: request.method,
      url: request.url,
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      remoteAddress: request.ip,
      ...(subject === undefined ? {} : { subject }),
      ...(endedBy === undefined ? {} : { endedBy }),
    };
    if (reply.statusCode >= 500) request.log.error(line, 'request');
    else request.log.info(line, 'request');
  };
  fastify.addHook('onRequest', async (request, reply) => {
    let finished = false;
    reply.raw.once('finish', () => (finished = true));
    reply.raw.once('close', () => {
      if (!finished) record(request, reply, 'client');
    });
  });
  fastify.addHook('onResponse', async (request, reply) => record(request, reply));
}

/**
 * An app's main(): read the configuration once, build the module from it, listen, then print one
 * `ready on http://host:port (pid N)` line whatever LOG_LEVEL says; exit 1 on a failed start.
 * Started with an IPC channel (`npm start`: scripts/start-all), it stops when that channel closes:
 * that is how it learns its supervisor is gone, however it went (even SIGKILL).
 */
export function runHttpApp(
  moduleFor: (config: AppConfig) => unknown,
  options: Omit<HttpAppOptions, 'logLevel' | 'logDestination'> & { readonly name: string; readonly port: (config: AppConfig) => number },
): void {
  if (process.channel) {
    process.channel.unref();
    process.once('disconnect', () => {
      process.kill(process.pid, 'SIGTERM'); // the shutdown hooks close the app, as on a plain SIGTERM
      setTimeout(() => process.exit(1), 10_000).unref();
    });
  }
  const start = async () => {
    const config = loadConfig();
    const app = await createHttpApp(moduleFor(config), config, { ...options, logLevel: config.logLevel });
    await app.listen(options.port(config), config.host);
    const { address, port } = app.getHttpServer().address() as { address: string; port: number };
    // At info whatever LOG_LEVEL says: the one line that says the app serves, and where.
    const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
    const logger = app.getHttpAdapter().getInstance().log as Logger;
    logger.child({}, { level: 'info' }).info({ url }, `ready on ${url} (pid ${process.pid})`);
  };
  start().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
