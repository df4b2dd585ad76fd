import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import type { RateLimitSettings } from '@itsm/config';
import type { FastifyRequest } from 'fastify';
import { from, mergeMap, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { ProblemException } from './problem';

const MINUTE_MS = 60_000;
/** Clients remembered per limit; beyond that the least recently seen is forgotten (and starts afresh). */
const REMEMBERED_CLIENTS = 10_000;
/** Probes and load balancers poll health; limiting them would make a busy app look down. */
const EXEMPT_ROUTES = new Set(['/health']);

type Limiter = (request: FastifyRequest) => Promise<LimitAnswer>;
type LimitAnswer = { isAllowed: true } | { isAllowed: false; isExceeded: boolean; max: number; ttlInSeconds: number };

function refuseBeyond(limit: LimitAnswer, per: 'token' | 'client address'): void {
  if (limit.isAllowed || !limit.isExceeded) return;
  const retryAfter = Math.max(1, limit.ttlInSeconds);
  const detail = `More than ${limit.max} requests a minute for this ${per}; retry in ${retryAfter} s`;
  throw new ProblemException(429, 'rate_limit.exceeded', detail, undefined, { 'retry-after': String(retryAfter) });
}

/** After authentication (interceptors run after guards), so the subject is the verified token's. */
class TokenRateLimit implements NestInterceptor {
  constructor(private readonly limit: Limiter) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    if (request.principal === undefined) return next.handle();
    return from(this.limit(request)).pipe(mergeMap((answer) => (refuseBeyond(answer, 'token'), next.handle())));
  }
}

/**
 * Abuse control (OWASP API4): every request counts against its client address as it arrives, so
 * floods are refused before any work; an authenticated one counts against its token's subject too,
 * so one user cannot starve the others behind the same address. 429 with Retry-After beyond either.
 */
export async function limitRequestRates(app: NestFastifyApplication, settings: RateLimitSettings): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyRateLimit, { global: false, timeWindow: MINUTE_MS, cache: REMEMBERED_CLIENTS });
  const perAddress = fastify.createRateLimit({
    max: settings.perAddressPerMinute,
    allowList: (request) => EXEMPT_ROUTES.has(request.routeOptions.url ?? ''),
  });
  fastify.addHook('onRequest', async (request) => refuseBeyond(await perAddress(request), 'client address'));
  const perToken = fastify.createRateLimit({
    max: settings.perTokenPerMinute,
    keyGenerator: (request) => `subject:${(request as AuthenticatedRequest).principal?.subject}`,
  });
  app.useGlobalInterceptors(new TokenRateLimit(perToken));
}
