import { AuthError } from '../auth-errors';
import { claimAt } from '../claim-path';
import type { Claims, DecodedJws } from '../compact-jws';
import { verifySignature } from '../jws-signature';
import type { Principal } from '../principal';
import { checkTokenTimes, type TimePolicy } from '../token-times';
import { checkSubject } from '../token-subject';
import { mappedRoles, type RoleMap } from '../token-roles';
import type { JwksKeys } from './jwks-keys';
import { isOidcAlgorithm, OIDC_ALGORITHMS } from './key-selection';

export interface OidcSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly rolesClaim: string;
  readonly subjectClaim: string;
  readonly roleMap: RoleMap | undefined;
}

/** RFC 7519 §4.1.3: aud is one string or a list; ours must be among them. */
function checkAudience(claims: Claims, audience: string): void {
  const aud = claims['aud'];
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(audience)) throw new AuthError('auth.audience_invalid');
}

/**
 * A token of OIDC_ISSUER: signed with one of its published asymmetric keys (never an HMAC, so its
 * public key cannot be turned into a secret), for our audience, its subject and roles read from the
 * configured claims. The signature is checked before any claim, so claims tell nothing to a forger.
 */
export async function verifyOidcToken(jws: DecodedJws, keys: JwksKeys, settings: OidcSettings, policy: TimePolicy, nowSeconds: number): Promise<Principal> {
  const alg = jws.alg;
  if (!isOidcAlgorithm(alg)) throw new AuthError('auth.algorithm_refused', `Tokens of OIDC_ISSUER are signed with ${OIDC_ALGORITHMS.join(', ')}.`);
  verifySignature(jws, await keys.keyFor(jws.kid, alg));
  checkAudience(jws.claims, settings.audience);
  checkTokenTimes(jws.claims, nowSeconds, policy);
  return {
    subject: checkSubject(claimAt(jws.claims, settings.subjectClaim), settings.subjectClaim),
    roles: mappedRoles(claimAt(jws.claims, settings.rolesClaim), settings.roleMap),
  };
}
