import type { CiStatus } from '@itsm/domain';
import type { FindQuery, Page, ReadStore } from '@itsm/read-store/port';
import { filterOf, type OneOrMany } from '../shared/any-of';
import type { PageRequest } from '../shared/page';
import { CONFIGURATION_ITEMS_KEY, type ConfigurationItemDocument } from './configuration-item-document';

/** Each filter one value or several, any of which may match; the filters all hold. */
export interface ConfigurationItemListFilter {
  readonly ciClass?: OneOrMany<string>;
  readonly status?: OneOrMany<CiStatus>;
  readonly ownerGroup?: OneOrMany<string>;
}

export function getConfigurationItem(store: ReadStore, id: string): Promise<ConfigurationItemDocument | null> {
  return store.get<ConfigurationItemDocument>(CONFIGURATION_ITEMS_KEY, id);
}

export function getConfigurationItems(store: ReadStore, ids: readonly string[]): Promise<Map<string, ConfigurationItemDocument>> {
  return store.getMany<ConfigurationItemDocument>(CONFIGURATION_ITEMS_KEY, ids);
}

/** By name; page on with the returned `nextCursor`. */
export function listConfigurationItems(store: ReadStore, query: ConfigurationItemListFilter & PageRequest): Promise<Page<ConfigurationItemDocument>> {
  return store.find<ConfigurationItemDocument>(CONFIGURATION_ITEMS_KEY, configurationItemListQuery(query));
}

/** The query of listConfigurationItems, for a read that asks the store itself (findAsJson). */
export function configurationItemListQuery(query: ConfigurationItemListFilter & PageRequest): FindQuery {
  return { filter: filterOf({ ciClass: query.ciClass, status: query.status, ownerGroup: query.ownerGroup }), sort: [{ field: 'name', direction: 'asc' }], limit: query.limit, cursor: query.cursor };
}
