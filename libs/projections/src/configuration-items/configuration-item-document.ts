import type { CiAttributes, CiCriticality, CiStatus } from '@itsm/domain';
import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import { projectionKey } from '../shared/projection-key';

export const CONFIGURATION_ITEMS = { name: 'configuration_items', version: 2 } as const;
export const CONFIGURATION_ITEMS_KEY = projectionKey(CONFIGURATION_ITEMS);

/**
 * The CI page and list row: the CI as it stands now. Bounded whatever the CI's life: its
 * relationships (a core switch has thousands of dependants) are read from the edge collection,
 * a page at a time, and its history from its own read model.
 */
export interface ConfigurationItemDocument extends StoredDocument {
  readonly name: string;
  readonly ciClass: string;
  /** From the class catalogue in force at registration: services are what impact analysis reports apart. */
  readonly isService: boolean;
  readonly criticality: CiCriticality;
  readonly status: CiStatus;
  readonly ownerGroup: string;
  readonly attributes: CiAttributes;
  readonly registeredAt: string;
  readonly registeredBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** Revision of the CI's own stream (the If-Match value); relationships recorded on other CIs do not move it. */
  readonly revision: number;
}

/** Served by listConfigurationItems: each filter combination, then name (the store appends id). */
export const CONFIGURATION_ITEMS_COLLECTION: CollectionDefinition = {
  name: CONFIGURATION_ITEMS_KEY,
  indexes: [
    { fields: ['name'] },
    { fields: ['ciClass', 'name'] },
    { fields: ['status', 'name'] },
    { fields: ['ownerGroup', 'name'] },
    { fields: ['ciClass', 'status', 'ownerGroup', 'name'] },
  ],
};
