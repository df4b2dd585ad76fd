import jwt from 'jsonwebtoken';
import type { Principal } from './principal';

/** Our own issuer: its name (JWT_ISSUER) and HS256 secret. */
export interface TokenSettings {
  readonly secret: string;
  readonly issuer: string;
}

/** A token of our own issuer; TokenVerifier refuses it past JWT_MAX_LIFETIME_HOURS (24 h by default). */
export function signToken(settings: TokenSettings, principal: Principal, expiresInSeconds = 8 * 3600): string {
  return jwt.sign({ roles: principal.roles }, settings.secret, {
    algorithm: 'HS256',
    subject: principal.subject,
    issuer: settings.issuer,
    expiresIn: expiresInSeconds,
  });
}
