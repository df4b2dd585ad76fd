/**
 * Every way a request can fail authentication. The code is the contract (clients and operators
 * branch on it); the status sits beside it so the answer and the documentation cannot disagree.
 * Details may name limits but never echo claim values: a refused token is attacker-controlled.
 */
export const AUTH_ERROR_CODES = {
  'auth.token_missing': { status: 401, rule: 'Every route but /health needs an Authorization header: Bearer, one space, the token.' },
  'auth.header_malformed': { status: 401, rule: 'The Authorization header is sent once, as exactly Bearer, one space and the token.' },
  'auth.token_malformed': {
    status: 401,
    rule: 'A token is a compact JWS (three base64url parts, at most 16384 characters) with a JSON header naming its algorithm and JSON claims of the registered types.',
  },
  'auth.algorithm_refused': { status: 401, rule: 'Tokens of JWT_ISSUER are HS256; tokens of OIDC_ISSUER are RS256, PS256 or ES256; unsigned tokens never.' },
  'auth.issuer_unknown': { status: 401, rule: 'The iss claim is JWT_ISSUER or, when configured, OIDC_ISSUER.' },
  'auth.key_unknown': { status: 401, rule: 'The identity provider publishes no key for the kid and algorithm of the token.' },
  'auth.signature_invalid': { status: 401, rule: 'The signature does not verify with the key of the issuer.' },
  'auth.audience_invalid': { status: 401, rule: 'A token of the identity provider names OIDC_AUDIENCE in its aud claim.' },
  'auth.expiry_missing': { status: 401, rule: 'A token carries an expiry (exp).' },
  'auth.token_expired': { status: 401, rule: 'The token has expired.' },
  'auth.not_yet_valid': { status: 401, rule: 'The token is not valid before its nbf claim.' },
  'auth.issued_in_future': { status: 401, rule: 'The token claims to be issued (iat) later than now, beyond the allowed clock skew.' },
  'auth.lifetime_too_long': { status: 401, rule: 'A token lives at most JWT_MAX_LIFETIME_HOURS from its iat (or from now when it has none) to its exp.' },
  'auth.subject_invalid': { status: 401, rule: 'The subject is 1 to 200 printable characters without surrounding spaces.' },
  'auth.roles_invalid': { status: 401, rule: 'The roles claim of our own tokens is a list of known role names.' },
  'auth.identity_provider_unavailable': { status: 503, rule: 'The keys of the identity provider could not be fetched; try again shortly.' },
} as const satisfies Record<string, { readonly status: 401 | 503; readonly rule: string }>;

export type AuthErrorCode = keyof typeof AUTH_ERROR_CODES;

/** The one thing authentication throws; the guard turns it into problem+json. */
export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    detail: string = AUTH_ERROR_CODES[code].rule,
    /** For identity_provider_unavailable: when another fetch will be tried. */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
    this.name = 'AuthError';
  }

  get status(): 401 | 503 {
    return AUTH_ERROR_CODES[this.code].status;
  }
}
