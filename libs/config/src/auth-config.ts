import { z } from 'zod';

/**
 * Keys are fetched over TLS, or over plain HTTP from this machine only (a local identity provider in
 * development and tests): anyone on the path of a plain-HTTP JWKS could publish their own keys.
 */
export function isTrustedKeyUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
  } catch {
    return false;
  }
}

const keyUrl = z.string().refine(isTrustedKeyUrl, 'must be an https:// URL (http:// only for localhost)');
/** A claim name, or a dotted path into nested claims (realm_access.roles). */
const claimPath = z.string().regex(/^[^\s]{1,200}$/, 'must be a claim name or a dotted path, without spaces');

/** "their-name=our-role,…": which of an identity provider's role or group names grant which of our roles. */
const roleMap = z.string().transform((value, context) => {
  const pairs = value.split(',').map((pair) => pair.split('=').map((side) => side.trim()));
  if (pairs.some((pair) => pair.length !== 2 || !pair[0] || !pair[1])) {
    context.addIssue({ code: 'custom', message: 'must be a comma-separated list of name=role' });
    return z.NEVER;
  }
  return pairs as [string, string][];
});

/** The variables of authentication, spread into the one schema of app-config.ts. */
export const AUTH_VARIABLES = {
  /** Longest lifetime (exp − iat) of any accepted token, ours or an identity provider's. */
  JWT_MAX_LIFETIME_HOURS: z.coerce.number().positive().max(720).default(24),
  /** How far clocks may disagree when exp, nbf and iat are checked. */
  JWT_CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(300).default(60),
  /** An OpenID Connect issuer whose tokens are accepted beside our own HS256 ones. */
  OIDC_ISSUER: keyUrl.optional(),
  /** Where its keys are; by default found through its discovery document. */
  OIDC_JWKS_URL: keyUrl.optional(),
  /** The aud its tokens must carry: our API's client id or resource name at the identity provider. */
  OIDC_AUDIENCE: z.string().min(1).optional(),
  OIDC_ROLES_CLAIM: claimPath.default('roles'),
  /** The claim recorded as actor on events: sub, or a readable one such as preferred_username. */
  OIDC_SUBJECT_CLAIM: claimPath.default('sub'),
  OIDC_ROLE_MAP: roleMap.optional(),
};

type AuthEnv = z.infer<z.ZodObject<typeof AUTH_VARIABLES>> & { readonly JWT_SECRET?: string | undefined; readonly JWT_ISSUER: string };

/** OIDC needs an audience (a token minted for another application must not work here) and its own issuer name. */
export function requireOidcCompanions(env: AuthEnv, context: z.RefinementCtx): void {
  const unless = (field: string, message: string) => context.addIssue({ code: 'custom', path: [field], message });
  if (env.OIDC_ISSUER && !env.OIDC_AUDIENCE) unless('OIDC_AUDIENCE', 'is required when OIDC_ISSUER is set');
  if (env.OIDC_ISSUER && env.OIDC_ISSUER === env.JWT_ISSUER) unless('OIDC_ISSUER', 'must differ from JWT_ISSUER (the issuer picks the verifier)');
  for (const field of ['OIDC_JWKS_URL', 'OIDC_AUDIENCE', 'OIDC_ROLE_MAP'] as const) {
    if (env[field] !== undefined && !env.OIDC_ISSUER) unless(field, 'needs OIDC_ISSUER');
  }
}

export interface OidcConfig {
  readonly issuer: string;
  readonly jwksUrl: string | undefined;
  readonly audience: string;
  readonly rolesClaim: string;
  readonly subjectClaim: string;
  /** Their name → our role names, checked against the roles when the apps start. */
  readonly roleMap: ReadonlyMap<string, readonly string[]> | undefined;
}

export interface AuthConfig {
  /** HS256 secret; when absent the embedded default keeps a generated one in DATA_DIR. */
  readonly secret: string | undefined;
  readonly issuer: string;
  readonly maxLifetimeSeconds: number;
  readonly clockSkewSeconds: number;
  readonly oidc: OidcConfig | undefined;
}

function mapOf(pairs: readonly (readonly [string, string])[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [theirs, ours] of pairs) map.set(theirs, [...(map.get(theirs) ?? []), ours]);
  return map;
}

export function authConfigOf(env: AuthEnv): AuthConfig {
  const oidc: OidcConfig | undefined = env.OIDC_ISSUER
    ? {
        issuer: env.OIDC_ISSUER,
        jwksUrl: env.OIDC_JWKS_URL,
        audience: env.OIDC_AUDIENCE as string,
        rolesClaim: env.OIDC_ROLES_CLAIM,
        subjectClaim: env.OIDC_SUBJECT_CLAIM,
        roleMap: env.OIDC_ROLE_MAP ? mapOf(env.OIDC_ROLE_MAP) : undefined,
      }
    : undefined;
  return {
    secret: env.JWT_SECRET,
    issuer: env.JWT_ISSUER,
    maxLifetimeSeconds: Math.round(env.JWT_MAX_LIFETIME_HOURS * 3600),
    clockSkewSeconds: env.JWT_CLOCK_SKEW_SECONDS,
    oidc,
  };
}
