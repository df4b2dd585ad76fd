import { CI_RELATIONSHIP_TYPE_IDS, propagatesFailure, type CiRelationship } from '@itsm/domain';
import type { ReadStore } from '@itsm/read-store/port';
import { CI_RELATIONSHIP_EDGES_KEY, type CiRelationshipEdgeDocument } from './ci-relationship-edge';
import { findAll, forEachPage, inChunks } from './find-all';

/** The relationship types along which a failure travels (ADR 8): filtered in the store, so connects_to is never read. */
const FAILURE_TYPES = CI_RELATIONSHIP_TYPE_IDS.filter((type) => propagatesFailure({ sourceCiId: '', type, targetCiId: '' }));

const asRelationship = ({ sourceCiId, type, targetCiId }: CiRelationshipEdgeDocument): CiRelationship => ({ sourceCiId, type, targetCiId });

/**
 * The active failure edges whose target is one of `targetCiIds` (what a failure of those CIs
 * reaches next), read through the target index a chunk of ids at a time. `visit` sees each page
 * and may throw to stop the reading, which is how a walk stops at its cap without reading further.
 */
export async function forEachFailureEdgeInto(
  store: ReadStore,
  targetCiIds: readonly string[],
  visit: (edges: readonly CiRelationship[]) => void,
): Promise<void> {
  for (const chunk of inChunks(targetCiIds)) {
    const filter = { active: true, targetCiId: { $in: chunk }, type: { $in: FAILURE_TYPES } };
    await forEachPage<CiRelationshipEdgeDocument>(store, CI_RELATIONSHIP_EDGES_KEY, filter, (edges) => visit(edges.map(asRelationship)));
  }
}

/** The active failure edges whose source is one of `sourceCiIds` (what those CIs are built on), through the source index. */
export async function findFailureEdgesOutOf(store: ReadStore, sourceCiIds: readonly string[]): Promise<CiRelationship[]> {
  const edges: CiRelationship[] = [];
  for (const chunk of inChunks(sourceCiIds)) {
    const filter = { active: true, sourceCiId: { $in: chunk }, type: { $in: FAILURE_TYPES } };
    edges.push(...(await findAll<CiRelationshipEdgeDocument>(store, CI_RELATIONSHIP_EDGES_KEY, filter)).map(asRelationship));
  }
  return edges;
}

/** Active edges along which a failure travels, with either end in `ciIds` (from = source, to = target). */
export async function findFailureEdgesTouching(store: ReadStore, ciIds: readonly string[]): Promise<{ from: string; to: string }[]> {
  if (ciIds.length === 0) return [];
  const incoming: CiRelationship[] = [];
  const [outgoing] = await Promise.all([findFailureEdgesOutOf(store, ciIds), forEachFailureEdgeInto(store, ciIds, (edges) => void incoming.push(...edges))]);
  const edges = new Map([...outgoing, ...incoming].map((edge) => [`${edge.sourceCiId}|${edge.type}|${edge.targetCiId}`, edge]));
  return [...edges.values()].map((edge) => ({ from: edge.sourceCiId, to: edge.targetCiId }));
}
