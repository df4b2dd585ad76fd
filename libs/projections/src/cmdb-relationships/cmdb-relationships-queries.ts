import { impactedBy, propagatesFailure, type CiImpactAnalysis, type CiInfo, type CiRelationship } from '@itsm/domain';
import type { ReadStore } from '@itsm/read-store';
import { CONFIGURATION_ITEMS_KEY, type ConfigurationItemDocument } from '../configuration-items/configuration-item-document';
import { findAll } from './find-all';
import { CI_RELATIONSHIP_EDGES_KEY, type CiRelationshipEdgeDocument } from './ci-relationship-edge';


/** Active edges along which a failure travels, with either end in `ciIds` (from = source, to = target). */
export async function findFailureEdgesTouching(store: ReadStore, ciIds: readonly string[]): Promise<{ from: string; to: string }[]> {
  if (ciIds.length === 0) return [];
  const [outgoing, incoming] = await Promise.all([
    findAll<CiRelationshipEdgeDocument>(store, CI_RELATIONSHIP_EDGES_KEY, { active: true, sourceCiId: { $in: ciIds } }),
    findAll<CiRelationshipEdgeDocument>(store, CI_RELATIONSHIP_EDGES_KEY, { active: true, targetCiId: { $in: ciIds } }),
  ]);
  const edges = new Map([...outgoing, ...incoming].map((edge) => [edge.id, edge]));
  return [...edges.values()].filter(propagatesFailure).map((edge) => ({ from: edge.sourceCiId, to: edge.targetCiId }));
}

/**
 * What a failure of `ciId` affects, now. Loads every active edge and every CI: a CMDB holds
 * thousands of CIs, not millions, and a walk edge by edge would cost one round trip per level.
 * Revisit (load level by level from the target index) if the graph outgrows memory.
 */
export async function analyseImpact(store: ReadStore, ciId: string): Promise<CiImpactAnalysis> {
  const edges = await findAll<CiRelationshipEdgeDocument>(store, CI_RELATIONSHIP_EDGES_KEY, { active: true });
  const relationships: CiRelationship[] = edges.map(({ sourceCiId, type, targetCiId }) => ({ sourceCiId, type, targetCiId }));
  const ids = [...new Set(edges.flatMap((edge) => [edge.sourceCiId, edge.targetCiId]))];
  const items = ids.length === 0 ? new Map() : await store.getMany<ConfigurationItemDocument>(CONFIGURATION_ITEMS_KEY, ids);
  const ciInfo = new Map<string, CiInfo>([...items.values()].map((ci) => [ci.id, { ciClass: ci.ciClass, status: ci.status }]));
  return impactedBy(ciId, relationships, ciInfo);
}

/**
 * The CIs a service is built on: every CI whose failure reaches it (the service itself included),
 * found by walking the failure edges from the service towards what it depends on, level by level.
 * Used to show a service's changes in the calendar. Cycles end because each CI is visited once.
 */
export async function findServiceComponents(store: ReadStore, serviceCiId: string): Promise<string[]> {
  const found = new Set([serviceCiId]);
  let frontier = [serviceCiId];
  while (frontier.length > 0) {
    const edges = await findFailureEdgesTouching(store, frontier);
    const current = new Set(frontier);
    frontier = [...new Set(edges.filter((edge) => current.has(edge.from) && !found.has(edge.to)).map((edge) => edge.to))];
    frontier.forEach((ciId) => found.add(ciId));
  }
  return [...found];
}
