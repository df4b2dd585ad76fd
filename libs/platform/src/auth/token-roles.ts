import { AuthError } from './auth-errors';
import { ROLES, type Role } from './principal';

const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

/**
 * Our own tokens are minted by us (the token script refuses unknown roles too): a role we do not
 * know is a typo or a token of another version, and refusing it shows the mistake at once instead
 * of silently granting less than was meant.
 */
export function ownRoles(value: unknown): Role[] {
  if (!Array.isArray(value) || value.length > ROLES.length * 2 || !value.every(isRole)) {
    throw new AuthError('auth.roles_invalid', `The roles claim must be a list of ${ROLES.join(', ')}.`);
  }
  return [...new Set(value)];
}

/** How an identity provider's role or group names map to ours (OIDC_ROLE_MAP). */
export type RoleMap = ReadonlyMap<string, readonly Role[]>;

/** A claim is a list of names, or (like `scope`) one string of names separated by spaces. */
function namesIn(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string') : [];
}

/**
 * An identity provider's claim carries many names that are not ours (Keycloak's offline_access,
 * default-roles-<realm>, groups of other applications), so names we do not know are ignored, not
 * refused; a caller left with no role is refused on every route by the guard (403). With a map,
 * only mapped names count, so a generic group called "admin" elsewhere in the realm grants nothing.
 */
export function mappedRoles(value: unknown, roleMap: RoleMap | undefined): Role[] {
  const names = namesIn(value);
  const roles = roleMap ? names.flatMap((name) => roleMap.get(name) ?? []) : names.filter(isRole);
  return [...new Set(roles)];
}
