import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import type { RateLimitSettings } from '@itsm/config';
import { ProblemException } from './problem';
import { HEALTH_ROUTES } from '../health/health';

const MINUTE_MS = 60_000;
/** Clients remembered per limit; beyond that the least recently seen is forgotten (and starts afresh). */
const REMEMBERED_CLIENTS = 10_000;
/** Probes and load balancers poll health; limiting them would make a busy app look down. */
const EXEMPT_ROUTES = new Set(HEALTH_ROUTES);

type LimitAnswer = { isAllowed: true } | { isAllowed: false; isExceeded: boolean; max: number; ttlInSeconds: number };

function refuseBeyond(limit: LimitAnswer, per: 'token' | 'client address'): void {
  if (limit.isAllowed || !limit.isExceeded) return;
  const retryAfter = Math.max(1, limit.ttlInSeconds);
  const detail = `More than ${limit.max} requests a minute for this ${per}; retry in ${retryAfter} s`;
  throw new ProblemException(429, 'rate_limit.exceeded', detail, undefined, { 'retry-after': String(retryAfter) });
}

/**
 * Requests per token subject in fixed one-minute windows, counted by the authentication guard once
 * it has verified the token (so the subject is the caller's, not a claim). In process: one
 * command-api instance counts its own requests. At most REMEMBERED_CLIENTS subjects are remembered;
 * the one seen least recently is forgotten first (and starts afresh).
 */
export class TokenRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly perMinute: number) {}

  /** Counts one request of `subject`; throws 429 beyond the limit. */
  take(subject: string, nowMs: number): void {
    const known = this.windows.get(subject);
    const window = known !== undefined && nowMs - known.start < MINUTE_MS ? known : { start: nowMs, count: 0 };
    window.count += 1;
    this.windows.delete(subject);
    this.windows.set(subject, window);
    if (this.windows.size > REMEMBERED_CLIENTS) this.windows.delete(this.windows.keys().next().value as string);
    if (window.count <= this.perMinute) return;
    const retryAfter = Math.max(1, Math.ceil((window.start + MINUTE_MS - nowMs) / 1000));
    refuseBeyond({ isAllowed: false, isExceeded: true, max: this.perMinute, ttlInSeconds: retryAfter }, 'token');
  }
}

/**
 * Abuse control (OWASP API4): every request counts against its client address as it arrives, so
 * floods are refused before any work; an authenticated one counts against its token's subject too
 * (TokenRateLimiter, in the guard), so one user cannot starve the others behind the same address.
 * 429 with Retry-After beyond either.
 */
export async function limitRequestRates(app: NestFastifyApplication, settings: RateLimitSettings): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyRateLimit, { global: false, timeWindow: MINUTE_MS, cache: REMEMBERED_CLIENTS });
  const perAddress = fastify.createRateLimit({
    max: settings.perAddressPerMinute,
    allowList: (request) => EXEMPT_ROUTES.has(request.routeOptions.url ?? ''),
  });
  fastify.addHook('onRequest', async (request) => refuseBeyond(await perAddress(request), 'client address'));
}
