import { createPublicKey, type KeyObject } from 'node:crypto';
import { isTrustedKeyUrl } from '@itsm/config';

/** A verification key an identity provider publishes. */
export interface PublishedKey {
  readonly kid: string | undefined;
  /** When the JWK names its algorithm, tokens of another algorithm are not verified with it. */
  readonly alg: string | undefined;
  readonly key: KeyObject;
}

export interface KeySet {
  readonly keys: readonly PublishedKey[];
  /** From the answer's Cache-Control; undefined when it says nothing. */
  readonly maxAgeSeconds: number | undefined;
}

export type Fetch = typeof fetch;

/** Why the keys could not be had; logged for operators, never shown to callers. */
export class JwksFetchError extends Error {
  override name = 'JwksFetchError';
}

const MAX_DOCUMENT_LENGTH = 512 * 1024;
const MIN_RSA_BITS = 2048;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

async function getJson(fetchFn: Fetch, url: string, timeoutMs: number): Promise<{ body: unknown; cacheControl: string | null }> {
  let text: string;
  let cacheControl: string | null;
  try {
    const response = await fetchFn(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new JwksFetchError(`${url} answered ${response.status}`);
    cacheControl = response.headers.get('cache-control');
    text = await response.text();
  } catch (error) {
    throw error instanceof JwksFetchError ? error : new JwksFetchError(`${url}: ${(error as Error).message}`);
  }
  if (text.length > MAX_DOCUMENT_LENGTH) throw new JwksFetchError(`${url} answered more than ${MAX_DOCUMENT_LENGTH} characters`);
  try {
    return { body: JSON.parse(text), cacheControl };
  } catch {
    throw new JwksFetchError(`${url} did not answer JSON`);
  }
}

/** OpenID Connect Discovery §4: the issuer with any trailing slash removed, then the well-known path. */
export const discoveryUrlOf = (issuer: string): string => `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;

/** The jwks_uri of the issuer's discovery document, which must name the very same issuer (§4.3). */
export async function discoverJwksUrl(fetchFn: Fetch, issuer: string, timeoutMs: number): Promise<string> {
  const url = discoveryUrlOf(issuer);
  const { body } = await getJson(fetchFn, url, timeoutMs);
  if (!isObject(body) || body['issuer'] !== issuer) throw new JwksFetchError(`${url} describes another issuer than ${issuer}`);
  const jwksUri = body['jwks_uri'];
  if (typeof jwksUri !== 'string' || !isTrustedKeyUrl(jwksUri)) throw new JwksFetchError(`${url} names no https jwks_uri`);
  return jwksUri;
}

/** Seconds from Cache-Control max-age; no-store and no-cache mean "ask again as soon as allowed". */
export function maxAgeOf(cacheControl: string | null): number | undefined {
  if (!cacheControl) return undefined;
  if (/(^|,)\s*no-(store|cache)\s*(,|$)/i.test(cacheControl)) return 0;
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?\s*(?:,|$)/i.exec(cacheControl);
  return match ? Number(match[1]) : undefined;
}

/**
 * The public signing keys of a JWK Set. Keys for encryption, symmetric keys ("oct": an HMAC secret
 * here would reopen algorithm confusion), RSA keys shorter than 2048 bits (RFC 7518 §3.3) and keys
 * Node cannot import are left out, not fatal: one odd key must not lock everybody out.
 */
export function publishedKeys(body: unknown): PublishedKey[] {
  const keys = isObject(body) && Array.isArray(body['keys']) ? body['keys'] : [];
  return keys.flatMap((jwk: unknown): PublishedKey[] => {
    if (!isObject(jwk) || (jwk['use'] !== undefined && jwk['use'] !== 'sig') || !['RSA', 'EC'].includes(jwk['kty'] as string)) return [];
    try {
      const key = createPublicKey({ key: jwk as never, format: 'jwk' });
      if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) return [];
      const text = (name: string) => (typeof jwk[name] === 'string' ? (jwk[name] as string) : undefined);
      return [{ kid: text('kid'), alg: text('alg'), key }];
    } catch {
      return [];
    }
  });
}

export async function fetchKeySet(fetchFn: Fetch, url: string, timeoutMs: number): Promise<KeySet> {
  const { body, cacheControl } = await getJson(fetchFn, url, timeoutMs);
  if (!isObject(body) || !Array.isArray(body['keys'])) throw new JwksFetchError(`${url} is not a JWK Set`);
  return { keys: publishedKeys(body), maxAgeSeconds: maxAgeOf(cacheControl) };
}
