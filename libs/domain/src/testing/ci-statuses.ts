import type { CiStatuses } from '../configuration-item/ci-references';

/** The lookup a handler would pass when every CI named is registered and in use. */
export function inUse(ciIds: unknown): CiStatuses {
  return Array.isArray(ciIds) ? Object.fromEntries(ciIds.filter((id): id is string => typeof id === 'string').map((id) => [id, 'in_use'])) : {};
}

/** Adds the lookup for `ciIds` unless the spec gave its own, as the handlers do before deciding. */
export function withCiStatuses<D extends { ciStatuses?: CiStatuses }>(data: D, ciIds: unknown): D {
  return data.ciStatuses === undefined && ciIds !== undefined ? { ...data, ciStatuses: inUse(ciIds) } : data;
}
