import { ForbiddenException, Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AppConfig } from '@itsm/config';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG } from '../app-tokens';
import { PUBLIC_ROUTE, type AuthenticatedRequest } from './auth.decorators';
import { rolesFor } from './permissions';
import { AuthError } from './auth-errors';
import { authProblem } from './auth-problem';
import { authSettingsOf } from './auth-settings';
import { authorizationHeadersOf, bearerToken } from './bearer-header';
import type { TokenSettings } from './tokens';
import { TokenVerifier } from './token-verifier';
import { TokenRateLimiter } from '../http/rate-limits';

export const TOKEN_SETTINGS = Symbol('TOKEN_SETTINGS');

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(), and a caller with
 * none of our roles (an identity provider's user who was given none) is refused everywhere.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  private readonly logger = new Logger('Authentication');
  private readonly verifier: TokenVerifier;
  private readonly tokenLimit: TokenRateLimiter | null;

  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_SETTINGS) own: TokenSettings,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const onJwksFetchFailure = (error: Error) => this.logger.warn(`Keys of ${config.auth.oidc?.issuer} unavailable: ${error.message}`);
    this.verifier = new TokenVerifier(authSettingsOf(config.auth, own.secret), { onJwksFetchFailure });
    this.tokenLimit = config.http.rateLimit === null ? null : new TokenRateLimiter(config.http.rateLimit.perTokenPerMinute);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    try {
      request.principal = await this.verifier.verify(bearerToken(authorizationHeadersOf(request.raw.rawHeaders)));
    } catch (error) {
      throw error instanceof AuthError ? authProblem(error) : error;
    }
    const roles = request.principal.roles;
    if (roles.length === 0) throw new ForbiddenException('The token grants none of the roles of this service');
    const operation = `${request.method} ${request.routeOptions.url ?? request.url}`;
    const allowed = rolesFor(request.method, request.routeOptions.url ?? '');
    // Fail closed: a route nobody declared is refused to everyone, and said loudly.
    if (allowed.length === 0) this.logger.error(`${operation} has no entry in the permission table; refused`);
    if (!allowed.some((role) => roles.includes(role))) throw new ForbiddenException(`This needs one of the roles: ${allowed.join(', ') || 'none (undeclared)'}`);
    this.tokenLimit?.take(request.principal.subject, Date.now());
    return true;
  }
}
