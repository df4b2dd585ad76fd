import type { CiStatus } from '@itsm/domain';
import type { Filter, Page, ReadStore } from '@itsm/read-store/port';
import type { PageRequest } from '../shared/page';
import { CONFIGURATION_ITEMS_KEY, type ConfigurationItemDocument } from './configuration-item-document';

export interface ConfigurationItemListFilter {
  readonly ciClass?: string;
  readonly status?: CiStatus;
  readonly ownerGroup?: string;
}

export function getConfigurationItem(store: ReadStore, id: string): Promise<ConfigurationItemDocument | null> {
  return store.get<ConfigurationItemDocument>(CONFIGURATION_ITEMS_KEY, id);
}

export function getConfigurationItems(store: ReadStore, ids: readonly string[]): Promise<Map<string, ConfigurationItemDocument>> {
  return store.getMany<ConfigurationItemDocument>(CONFIGURATION_ITEMS_KEY, ids);
}

/** By name; page on with the returned `nextCursor`. */
export function listConfigurationItems(store: ReadStore, query: ConfigurationItemListFilter & PageRequest): Promise<Page<ConfigurationItemDocument>> {
  const filter: Filter = {
    ...(query.ciClass !== undefined && { ciClass: query.ciClass }),
    ...(query.status !== undefined && { status: query.status }),
    ...(query.ownerGroup !== undefined && { ownerGroup: query.ownerGroup }),
  };
  return store.find<ConfigurationItemDocument>(CONFIGURATION_ITEMS_KEY, {
    filter,
    sort: [{ field: 'name', direction: 'asc' }],
    limit: query.limit,
    cursor: query.cursor,
  });
}
