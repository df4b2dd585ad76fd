import { createSecretKey, type KeyObject } from 'node:crypto';
import { AuthError } from './auth-errors';
import { decodeJws } from './compact-jws';
import { JwksKeys } from './oidc/jwks-keys';
import type { Fetch } from './oidc/jwks-documents';
import { verifyOidcToken, type OidcSettings } from './oidc/oidc-tokens';
import { verifyOwnToken } from './own-tokens';
import type { Principal } from './principal';
import type { TimePolicy } from './token-times';

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

  constructor(
    private readonly settings: AuthSettings,
    options: VerifierOptions = {},
  ) {
    this.secret = createSecretKey(Buffer.from(settings.own.secret, 'utf8'));
    this.clock = options.clock ?? Date.now;
    const { oidc } = settings;
    this.keys = oidc && new JwksKeys({ issuer: oidc.issuer, jwksUrl: oidc.jwksUrl, clock: this.clock, fetch: options.fetch, onFetchFailure: options.onJwksFetchFailure });
  }

  async verify(token: string): Promise<Principal> {
    const jws = decodeJws(token);
    const nowSeconds = this.clock() / 1000;
    const { own, oidc, policy } = this.settings;
    if (jws.claims['iss'] === own.issuer) return verifyOwnToken(jws, this.secret, policy, nowSeconds);
    if (oidc && this.keys && jws.claims['iss'] === oidc.issuer) return verifyOidcToken(jws, this.keys, oidc, policy, nowSeconds);
    throw new AuthError('auth.issuer_unknown');
  }
}
