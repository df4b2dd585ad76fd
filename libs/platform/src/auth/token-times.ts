import { AuthError } from './auth-errors';
import type { Claims } from './compact-jws';

export interface TimePolicy {
  /** Longest accepted exp − iat (exp − now when the token has no iat). */
  readonly maxLifetimeSeconds: number;
  /** How far our clock and the issuer's may disagree, for exp, nbf and iat. */
  readonly clockSkewSeconds: number;
}

/** A NumericDate claim (RFC 7519 §2): absent, or a finite number of seconds. */
function numericDate(claims: Claims, name: 'exp' | 'iat' | 'nbf'): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new AuthError('auth.token_malformed', `The ${name} claim is not a number of seconds.`);
  return value;
}

/**
 * A token must say when it ends, and not too far ahead: a token without exp, or with a lifetime of
 * a century, is a credential nobody can take back. One issued "later than now" is forged or comes
 * from a broken clock; either way its lifetime cannot be trusted.
 */
export function checkTokenTimes(claims: Claims, nowSeconds: number, policy: TimePolicy): void {
  const [exp, iat, nbf] = [numericDate(claims, 'exp'), numericDate(claims, 'iat'), numericDate(claims, 'nbf')];
  const skew = policy.clockSkewSeconds;
  if (exp === undefined) throw new AuthError('auth.expiry_missing');
  if (nowSeconds >= exp + skew) throw new AuthError('auth.token_expired');
  if (nbf !== undefined && nbf > nowSeconds + skew) throw new AuthError('auth.not_yet_valid');
  if (iat !== undefined && iat > nowSeconds + skew) throw new AuthError('auth.issued_in_future', `The token is issued more than ${skew} s from now.`);
  const lifetime = exp - (iat ?? nowSeconds);
  if (lifetime > policy.maxLifetimeSeconds) {
    throw new AuthError('auth.lifetime_too_long', `The token lives ${Math.round(lifetime)} s; at most ${policy.maxLifetimeSeconds} s (JWT_MAX_LIFETIME_HOURS) are accepted.`);
  }
}
