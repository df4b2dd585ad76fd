import type { KeyObject } from 'node:crypto';
import { AuthError } from './auth-errors';
import type { DecodedJws } from './compact-jws';
import { verifySignature } from './jws-signature';
import type { Principal } from './principal';
import { checkTokenTimes, type TimePolicy } from './token-times';
import { checkSubject } from './token-subject';
import { ownRoles } from './token-roles';

/** A token of JWT_ISSUER: HS256 with our secret, and nothing else (no "none", no public keys). */
export function verifyOwnToken(jws: DecodedJws, secret: KeyObject, policy: TimePolicy, nowSeconds: number): Principal {
  if (jws.alg !== 'HS256') throw new AuthError('auth.algorithm_refused', 'Tokens of JWT_ISSUER are signed with HS256.');
  verifySignature(jws, secret);
  checkTokenTimes(jws.claims, nowSeconds, policy);
  return { subject: checkSubject(jws.claims['sub'], 'sub'), roles: ownRoles(jws.claims['roles']) };
}
