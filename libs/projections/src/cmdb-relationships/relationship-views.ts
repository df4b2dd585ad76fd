import { CI_RELATIONSHIP_TYPES, type CiRelationshipType } from '@itsm/domain';
import type { Page, ReadStore } from '@itsm/read-store/port';
import type { PageRequest } from '../shared/page';
import { CI_RELATIONSHIP_EDGES_KEY, type CiRelationshipEdgeDocument } from './ci-relationship-edge';

export type CiRelationshipDirection = 'outgoing' | 'incoming';
export const CI_RELATIONSHIP_DIRECTIONS: readonly CiRelationshipDirection[] = ['outgoing', 'incoming'];

/**
 * A relationship as seen from one CI: recorded once on the source's stream, shown on both ends
 * (outgoing "Runs on", incoming "Hosts").
 */
export interface CiRelationshipView {
  readonly type: CiRelationshipType;
  readonly direction: CiRelationshipDirection;
  readonly label: string;
  readonly otherCiId: string;
}

export interface CiRelationshipCounts {
  readonly outgoing: number;
  readonly incoming: number;
}

/** How many relationships a CI shows beside itself each way; the rest are a page away. */
export const RELATIONSHIP_PREVIEW = 20;

const END_OF = { outgoing: 'sourceCiId', incoming: 'targetCiId' } as const;

/**
 * A CI's relationships one way, a page at a time, from the edge collection's index on that end
 * (a core switch may have thousands of dependants): outgoing by type then target, incoming by source.
 */
export async function findRelationships(
  store: ReadStore,
  ciId: string,
  direction: CiRelationshipDirection,
  page: PageRequest,
): Promise<Page<CiRelationshipView>> {
  const filter = { active: true, [END_OF[direction]]: ciId };
  const found = await store.find<CiRelationshipEdgeDocument>(CI_RELATIONSHIP_EDGES_KEY, { filter, limit: page.limit, cursor: page.cursor ?? null });
  return { items: found.items.map((edge) => viewOf(edge, direction)), nextCursor: found.nextCursor };
}

export async function countRelationships(store: ReadStore, ciId: string): Promise<CiRelationshipCounts> {
  const [outgoing, incoming] = await Promise.all([
    store.count(CI_RELATIONSHIP_EDGES_KEY, { active: true, sourceCiId: ciId }),
    store.count(CI_RELATIONSHIP_EDGES_KEY, { active: true, targetCiId: ciId }),
  ]);
  return { outgoing, incoming };
}

/** What a CI page shows: the first RELATIONSHIP_PREVIEW each way, and how many there are in all. */
export async function findRelationshipSummary(
  store: ReadStore,
  ciId: string,
): Promise<{ relationships: CiRelationshipView[]; relationshipCounts: CiRelationshipCounts }> {
  const [outgoing, incoming, relationshipCounts] = await Promise.all([
    findRelationships(store, ciId, 'outgoing', { limit: RELATIONSHIP_PREVIEW }),
    findRelationships(store, ciId, 'incoming', { limit: RELATIONSHIP_PREVIEW }),
    countRelationships(store, ciId),
  ]);
  return { relationships: [...outgoing.items, ...incoming.items], relationshipCounts };
}

function viewOf(edge: CiRelationshipEdgeDocument, direction: CiRelationshipDirection): CiRelationshipView {
  const definition = CI_RELATIONSHIP_TYPES[edge.type];
  return direction === 'outgoing'
    ? { type: edge.type, direction, label: definition.label, otherCiId: edge.targetCiId }
    : { type: edge.type, direction, label: definition.inverseLabel, otherCiId: edge.sourceCiId };
}
