import { ConfigError, type AuthConfig } from '@itsm/config';
import { ROLES } from './principal';
import type { RoleMap } from './token-roles';
import type { AuthSettings } from './token-verifier';

/** OIDC_ROLE_MAP names our roles, which @itsm/config does not know: they are checked here, at boot. */
function roleMapOf(map: ReadonlyMap<string, readonly string[]> | undefined): RoleMap | undefined {
  if (!map) return undefined;
  const unknown = [...map.values()].flat().filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length > 0) {
    throw new ConfigError([{ field: 'OIDC_ROLE_MAP', reason: `maps to unknown roles ${[...new Set(unknown)].join(', ')} (known: ${ROLES.join(', ')})` }]);
  }
  return map as RoleMap;
}

/** What the verifier needs, from the validated configuration and the resolved HS256 secret. */
export function authSettingsOf(auth: AuthConfig, secret: string): AuthSettings {
  const { oidc } = auth;
  return {
    own: { issuer: auth.issuer, secret },
    policy: { maxLifetimeSeconds: auth.maxLifetimeSeconds, clockSkewSeconds: auth.clockSkewSeconds },
    ...(oidc ? { oidc: { ...oidc, roleMap: roleMapOf(oidc.roleMap) } } : {}),
  };
}
