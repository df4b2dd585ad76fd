import type { KeyObject } from 'node:crypto';
import type { PublishedKey } from './jwks-documents';

export const OIDC_ALGORITHMS = ['RS256', 'PS256', 'ES256'] as const;
export type OidcAlgorithm = (typeof OIDC_ALGORITHMS)[number];

export const isOidcAlgorithm = (alg: string): alg is OidcAlgorithm => (OIDC_ALGORITHMS as readonly string[]).includes(alg);

function fits(published: PublishedKey, alg: OidcAlgorithm): boolean {
  if (published.alg !== undefined && published.alg !== alg) return false;
  const { asymmetricKeyType: type, asymmetricKeyDetails: details } = published.key;
  if (alg === 'ES256') return type === 'ec' && details?.namedCurve === 'prime256v1';
  return type === 'rsa' || (alg === 'PS256' && type === 'rsa-pss');
}

/**
 * The key that verifies a token: the one with its kid, able to verify its algorithm. A token
 * without a kid is verified only when the set leaves no choice (one fitting key).
 */
export function selectKey(keys: readonly PublishedKey[], kid: string | undefined, alg: OidcAlgorithm): KeyObject | undefined {
  const fitting = keys.filter((published) => fits(published, alg));
  if (kid === undefined) return fitting.length === 1 ? fitting[0]?.key : undefined;
  return fitting.find((published) => published.kid === kid)?.key;
}
