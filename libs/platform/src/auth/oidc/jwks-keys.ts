import type { KeyObject } from 'node:crypto';
import { AuthError } from '../auth-errors';
import { discoverJwksUrl, fetchKeySet, type Fetch, type PublishedKey } from './jwks-documents';
import { selectKey, type OidcAlgorithm } from './key-selection';

export const JWKS_TIMING = {
  /** Keys are kept this long when the answer says nothing (Cache-Control max-age otherwise). */
  defaultMaxAgeSeconds: 600,
  /** …and never longer than this, whatever it says, so a removed key does not live for days. */
  maxMaxAgeSeconds: 86_400,
  /** An unknown kid asks again at most this often: rotation works, a flood of made-up kids does not reach the provider. */
  minRefetchSeconds: 30,
  /** After a failed fetch nobody waits on another for this long; requests that need keys get 503 at once. */
  retryAfterFailureSeconds: 5,
  fetchTimeoutMs: 5_000,
} as const;

export interface JwksKeysOptions {
  readonly issuer: string;
  /** OIDC_JWKS_URL; undefined: found through the discovery document. */
  readonly jwksUrl: string | undefined;
  readonly fetch?: Fetch;
  /** Milliseconds, like Date.now. */
  readonly clock?: () => number;
  readonly onFetchFailure?: (error: Error) => void;
}

/**
 * The identity provider's keys, cached by kid. Expired keys are refreshed in the background while
 * they keep serving (so an unreachable provider does not lock out tokens it already signed); an
 * unknown kid (a rotation) fetches again, joining any fetch already under way.
 */
export class JwksKeys {
  private keys: readonly PublishedKey[] | undefined;
  private freshUntil = 0;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private lastFailure = Number.NEGATIVE_INFINITY;
  private discoveredUrl: string | undefined;
  private inFlight: Promise<void> | undefined;
  private readonly fetchFn: Fetch;
  private readonly clock: () => number;

  constructor(private readonly options: JwksKeysOptions) {
    this.fetchFn = options.fetch ?? fetch;
    this.clock = options.clock ?? Date.now;
  }

  async keyFor(kid: string | undefined, alg: OidcAlgorithm): Promise<KeyObject> {
    if (this.keys === undefined) await this.fetchKeys();
    else if (this.clock() >= this.freshUntil && !this.inFlight) this.fetchKeys().catch(() => undefined); // logged in load()
    const known = selectKey(this.keys ?? [], kid, alg);
    if (known) return known;
    if (this.inFlight || this.clock() - this.lastAttempt >= JWKS_TIMING.minRefetchSeconds * 1000) await this.fetchKeys();
    const rotated = selectKey(this.keys ?? [], kid, alg);
    if (!rotated) throw new AuthError('auth.key_unknown');
    return rotated;
  }

  /** One fetch at a time, shared by everyone waiting; fails fast for a while after a failure. */
  private fetchKeys(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const sinceFailure = this.clock() - this.lastFailure;
    if (sinceFailure < JWKS_TIMING.retryAfterFailureSeconds * 1000) {
      return Promise.reject(unavailable(Math.ceil((JWKS_TIMING.retryAfterFailureSeconds * 1000 - sinceFailure) / 1000)));
    }
    this.inFlight = this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async load(): Promise<void> {
    const { fetchTimeoutMs, defaultMaxAgeSeconds, maxMaxAgeSeconds, minRefetchSeconds, retryAfterFailureSeconds } = JWKS_TIMING;
    this.lastAttempt = this.clock();
    try {
      const url = this.options.jwksUrl ?? (this.discoveredUrl ??= await discoverJwksUrl(this.fetchFn, this.options.issuer, fetchTimeoutMs));
      const set = await fetchKeySet(this.fetchFn, url, fetchTimeoutMs);
      const maxAge = Math.min(Math.max(set.maxAgeSeconds ?? defaultMaxAgeSeconds, minRefetchSeconds), maxMaxAgeSeconds);
      this.keys = set.keys;
      this.freshUntil = this.clock() + maxAge * 1000;
    } catch (error) {
      this.lastFailure = this.clock();
      this.discoveredUrl = undefined; // the provider may have moved its keys: discover again next time
      this.options.onFetchFailure?.(error as Error);
      throw unavailable(retryAfterFailureSeconds);
    }
  }
}

const unavailable = (retryAfterSeconds: number) =>
  new AuthError('auth.identity_provider_unavailable', 'The identity provider could not be reached for its keys; try again shortly.', Math.max(1, retryAfterSeconds));
