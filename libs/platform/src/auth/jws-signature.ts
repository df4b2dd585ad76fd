import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AuthError } from './auth-errors';
import type { DecodedJws } from './compact-jws';

/**
 * Verifies the signature only, with the algorithm already pinned by the caller; jsonwebtoken also
 * refuses a key of the wrong kind for it (an HMAC "secret" where a public key belongs, or the
 * reverse). Times and claims are checked by us, with our own codes, after the signature holds.
 */
export function verifySignature(jws: DecodedJws, key: KeyObject): void {
  try {
    jwt.verify(jws.token, key, { algorithms: [jws.alg as jwt.Algorithm], ignoreExpiration: true, ignoreNotBefore: true });
  } catch {
    throw new AuthError('auth.signature_invalid');
  }
}
