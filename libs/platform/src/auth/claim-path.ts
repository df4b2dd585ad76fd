import type { Claims } from './compact-jws';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The value at a claim path such as `roles` or Keycloak's `realm_access.roles`. A top-level claim
 * named by the whole path wins, because namespaced claims (Auth0's `https://example.com/roles`)
 * contain dots themselves.
 */
export function claimAt(claims: Claims, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let value: unknown = claims;
  for (const name of path.split('.')) {
    if (!isObject(value) || !Object.hasOwn(value, name)) return undefined;
    value = value[name];
  }
  return value;
}
