import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ROLES, type Principal, type Role } from './principal';

export interface TokenSettings {
  readonly secret: string;
  readonly issuer: string;
}

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

export function signToken(settings: TokenSettings, principal: Principal, expiresInSeconds = 8 * 3600): string {
  return jwt.sign({ roles: principal.roles }, settings.secret, {
    algorithm: 'HS256',
    subject: principal.subject,
    issuer: settings.issuer,
    expiresIn: expiresInSeconds,
  });
}

const keys = new WeakMap<TokenSettings, KeyObject>();

/**
 * Given a string, jsonwebtoken first tries to parse it as a public key on every call, which cost a
 * third of the command API's CPU; a KeyObject made once skips that.
 */
function secretKey(settings: TokenSettings): KeyObject {
  let key = keys.get(settings);
  if (!key) {
    key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
    keys.set(settings, key);
  }
  return key;
}

/** Accepts only HS256 tokens of our issuer with a subject and known roles. */
export function verifyToken(settings: TokenSettings, token: string): Principal {
  let claims: jwt.JwtPayload;
  try {
    const decoded = jwt.verify(token, secretKey(settings), { algorithms: ['HS256'], issuer: settings.issuer });
    if (typeof decoded === 'string') throw new InvalidTokenError('the token carries no claims');
    claims = decoded;
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    throw new InvalidTokenError((error as Error).message);
  }
  if (typeof claims.sub !== 'string' || claims.sub.trim() === '') throw new InvalidTokenError('the token has no subject (sub)');
  const roles: unknown = claims['roles'];
  if (!Array.isArray(roles) || !roles.every((role): role is Role => (ROLES as readonly unknown[]).includes(role))) {
    throw new InvalidTokenError(`the roles claim must be a list of ${ROLES.join(', ')}`);
  }
  return { subject: claims.sub, roles };
}
