import type { CiRelationshipType } from '@itsm/domain';
import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import { projectionKey } from '../shared/projection-key';

export const CI_RELATIONSHIP_EDGES = { name: 'ci_relationship_edges', version: 1 } as const;
export const CI_RELATIONSHIP_EDGES_KEY = projectionKey(CI_RELATIONSHIP_EDGES);

/**
 * One relationship of the graph, as recorded on its source. Removal keeps a tombstone
 * (`active: false`): a deleted document could be resurrected by a re-delivered add.
 */
export interface CiRelationshipEdgeDocument extends StoredDocument {
  readonly sourceCiId: string;
  readonly type: CiRelationshipType;
  readonly targetCiId: string;
  readonly active: boolean;
  readonly addedAt: string;
  readonly removedAt: string | null;
}

export const ciRelationshipEdgeId = (sourceCiId: string, type: string, targetCiId: string): string => `${sourceCiId}|${type}|${targetCiId}`;

export const CI_RELATIONSHIP_EDGES_COLLECTION: CollectionDefinition = {
  name: CI_RELATIONSHIP_EDGES_KEY,
  indexes: [{ fields: ['active', 'sourceCiId'] }, { fields: ['active', 'targetCiId'] }],
};
