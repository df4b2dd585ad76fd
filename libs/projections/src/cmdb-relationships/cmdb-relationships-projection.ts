import { CI_STREAM_PREFIX, type ConfigurationItemEvent, type ConfigurationItemRelationshipAdded, type ConfigurationItemRelationshipRemoved } from '@itsm/domain';
import type { DomainRecordedEvent, Projection } from '../projection';
import {
  CI_RELATIONSHIP_EDGES,
  CI_RELATIONSHIP_EDGES_COLLECTION,
  ciRelationshipEdgeId,
  type CiRelationshipEdgeDocument,
} from './ci-relationship-edge';

type EdgeEvent = ConfigurationItemRelationshipAdded | ConfigurationItemRelationshipRemoved;
type EdgeFact = DomainRecordedEvent<EdgeEvent>;

/** Only relationship facts: a retired CI keeps its edges (impact analysis skips it by status). */
export const cmdbRelationshipsProjection: Projection<ConfigurationItemEvent, CiRelationshipEdgeDocument> = {
  ...CI_RELATIONSHIP_EDGES,
  collection: CI_RELATIONSHIP_EDGES_COLLECTION,
  streamPrefixes: [CI_STREAM_PREFIX],
  handles: ['ConfigurationItemRelationshipAdded', 'ConfigurationItemRelationshipRemoved'],
  documentIds: (event) => [ciRelationshipEdgeId(event.data.ciId, (event as EdgeFact).data.type, (event as EdgeFact).data.targetCiId)],
  evolve: (document, event) => evolveRelationshipEdge(document, event as EdgeFact),
};

export function evolveRelationshipEdge(
  document: CiRelationshipEdgeDocument | null,
  event: EdgeFact,
): Omit<CiRelationshipEdgeDocument, '_position'> | null {
  const { ciId, type, targetCiId } = event.data;
  const at = event.metadata.occurredAt;
  if (event.type === 'ConfigurationItemRelationshipAdded') {
    return { id: ciRelationshipEdgeId(ciId, type, targetCiId), sourceCiId: ciId, type, targetCiId, active: true, addedAt: at, removedAt: null };
  }
  // Removing an edge never seen added leaves nothing to mark.
  return document === null ? null : { ...document, active: false, removedAt: at };
}
