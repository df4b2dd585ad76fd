import { createSecretKey, type KeyObject } from 'node:crypto';
import { AuthError } from './auth-errors';
import { decodeJws, type DecodedJws } from './compact-jws';
import { JwksKeys } from './oidc/jwks-keys';
import type { Fetch } from './oidc/jwks-documents';
import type { OidcAlgorithm } from './oidc/key-selection';
import { verifyOidcToken, type OidcSettings } from './oidc/oidc-tokens';
import { verifyOwnToken } from './own-tokens';
import type { Principal } from './principal';
import type { TimePolicy } from './token-times';
import { VerifiedTokens, type VerifiedToken } from './verified-tokens';

export interface AuthSettings {
  /** Our own issuer (JWT_ISSUER) and its HS256 secret: the embedded default. */
  readonly own: { readonly issuer: string; readonly secret: string };
  readonly policy: TimePolicy;
  /** An OpenID Connect issuer whose tokens are accepted too. */
  readonly oidc?: OidcSettings & { readonly jwksUrl: string | undefined };
}

export interface VerifierOptions {
  /** Milliseconds, like Date.now: token times are real time, whatever clock the domain is given. */
  readonly clock?: () => number;
  readonly fetch?: Fetch;
  readonly onJwksFetchFailure?: (error: Error) => void;
  /** How many verified tokens are recognised without verifying them again (default 10,000; 0: none). */
  readonly verifiedTokens?: number;
}

/** Verifies bearer tokens of our own issuer and, when configured, of one OIDC issuer, chosen by iss. */
export class TokenVerifier {
  /**
   * Given a string, jsonwebtoken would try to parse it as a public key on every call (a third of the
   * command API's CPU once); a KeyObject made once skips that.
   */
  private readonly secret: KeyObject;
  private readonly keys: JwksKeys | undefined;
  private readonly clock: () => number;
  private readonly verified: VerifiedTokens;

  constructor(
    private readonly settings: AuthSettings,
    options: VerifierOptions = {},
  ) {
    this.secret = createSecretKey(Buffer.from(settings.own.secret, 'utf8'));
    this.clock = options.clock ?? Date.now;
    this.verified = new VerifiedTokens(options.verifiedTokens);
    const { oidc } = settings;
    this.keys = oidc && new JwksKeys({ issuer: oidc.issuer, jwksUrl: oidc.jwksUrl, clock: this.clock, fetch: options.fetch, onFetchFailure: options.onJwksFetchFailure });
  }

  /** A token verified before is recognised until its exp (VerifiedTokens); any other is verified in full. */
  async verify(token: string): Promise<Principal> {
    const now = this.clock();
    const known = await this.verified.recall(token, now);
    if (known !== undefined) return known;
    const verified = await this.verifyInFull(decodeJws(token), now);
    this.verified.remember(token, verified, now);
    return verified.principal;
  }

  private async verifyInFull(jws: DecodedJws, now: number): Promise<VerifiedToken> {
    const nowSeconds = now / 1000;
    const { own, oidc, policy } = this.settings;
    // Accepted tokens have a numeric exp (checkTokenTimes refuses any other).
    const until = (jws.claims['exp'] as number) * 1000;
    if (jws.claims['iss'] === own.issuer) return { principal: verifyOwnToken(jws, this.secret, policy, nowSeconds), until };
    if (oidc && this.keys && jws.claims['iss'] === oidc.issuer) {
      const keys = this.keys;
      const principal = await verifyOidcToken(jws, keys, oidc, policy, nowSeconds);
      const key = await keys.keyFor(jws.kid, jws.alg as OidcAlgorithm);
      // Recognised only while its key is still published: a rotation that drops the key refuses it, as before.
      const stillValid = () => keys.keyFor(jws.kid, jws.alg as OidcAlgorithm).then((current) => current.equals(key), () => false);
      return { principal, until, stillValid };
    }
    throw new AuthError('auth.issuer_unknown');
  }
}
