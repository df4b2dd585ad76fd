import { DEFAULT_CI_CLASS_CATALOGUE, isServiceClass, type CiClassCatalogue, type CiStatus } from './ci-classes';
import { propagatesFailure, type CiRelationship } from './ci-relationship-types';

/** What impact analysis needs to know of a CI besides its edges (a read model row, or `ciInfoOf`). */
export interface CiInfo {
  readonly ciClass: string;
  readonly status: CiStatus;
}

export interface ImpactedCi {
  readonly ciId: string;
  /** Null when `ciInfo` does not know the CI (a relationship may name a target the read model lacks). */
  readonly ciClass: string | null;
  readonly status: CiStatus | null;
  /** Hops from the failed CI: 1 for a direct dependant. Equal to `path.length`. */
  readonly depth: number;
  /**
   * The relationships followed, from the failed CI outwards, each as recorded on its source:
   * `[{web depends_on db}, {shop runs_on web}]` reads "db failed; web depends on it; shop runs on web".
   */
  readonly path: readonly CiRelationship[];
}

export interface CiImpactAnalysis {
  readonly failedCiId: string;
  /** Every CI the failure reaches, nearest first (then by id); the failed CI itself is not listed. */
  readonly impacted: readonly ImpactedCi[];
  /** The impacted CIs whose class the catalogue marks as a service: what the service desk announces. */
  readonly services: readonly ImpactedCi[];
}

/**
 * Which CIs, and which services, a failure of `failedCiId` affects, transitively.
 *
 * Failure travels against the edge: for depends_on, runs_on and contains, the target failing
 * impacts the source; connects_to does not propagate (the reasons are beside CI_RELATIONSHIP_TYPES).
 * The walk is breadth-first, so each CI is reported once, at its smallest depth, with one shortest
 * path. Of several shortest paths, the one through the CIs whose ids sort first wins (each level is
 * walked in id order), so the answer does not depend on the order of `relationships`.
 * Cycles terminate because a CI is visited once. A retired CI is neither reported nor walked through:
 * it is out of service, and what depended on it could not have been using it. Planned and maintenance
 * CIs are reported with their status, for the caller to weigh.
 */
export function impactedBy(
  failedCiId: string,
  relationships: readonly CiRelationship[],
  ciInfo: ReadonlyMap<string, CiInfo>,
  catalogue: CiClassCatalogue = DEFAULT_CI_CLASS_CATALOGUE,
): CiImpactAnalysis {
  const dependants = dependantsByTarget(relationships);
  const reached = new Map<string, ImpactedCi>();
  let frontier: readonly ImpactedCi[] = [{ ciId: failedCiId, ciClass: null, status: null, depth: 0, path: [] }];
  while (frontier.length > 0) {
    const next: ImpactedCi[] = [];
    for (const from of frontier) {
      for (const edge of dependants.get(from.ciId) ?? []) {
        const info = ciInfo.get(edge.sourceCiId);
        if (edge.sourceCiId === failedCiId || reached.has(edge.sourceCiId) || info?.status === 'retired') continue;
        const impacted = reach(from, edge, info);
        reached.set(impacted.ciId, impacted);
        next.push(impacted);
      }
    }
    frontier = next.sort(byCiId);
  }
  const impacted = [...reached.values()].sort((a, b) => a.depth - b.depth || byCiId(a, b));
  const services = impacted.filter((ci) => ci.ciClass !== null && isServiceClass(catalogue, ci.ciClass));
  return { failedCiId, impacted, services };
}

function reach(from: ImpactedCi, edge: CiRelationship, info: CiInfo | undefined): ImpactedCi {
  return {
    ciId: edge.sourceCiId,
    ciClass: info?.ciClass ?? null,
    status: info?.status ?? null,
    depth: from.depth + 1,
    path: [...from.path, edge],
  };
}

/** For each CI, the edges along which its failure travels, in a fixed order (by source id, then type). */
function dependantsByTarget(relationships: readonly CiRelationship[]): ReadonlyMap<string, readonly CiRelationship[]> {
  const byTarget = new Map<string, CiRelationship[]>();
  for (const edge of relationships.filter(propagatesFailure)) {
    const edges = byTarget.get(edge.targetCiId) ?? [];
    edges.push(edge);
    byTarget.set(edge.targetCiId, edges);
  }
  for (const edges of byTarget.values()) edges.sort(byEdgeOrder);
  return byTarget;
}

function byEdgeOrder(a: CiRelationship, b: CiRelationship): number {
  return compare(a.sourceCiId, b.sourceCiId) || compare(a.type, b.type);
}

function byCiId(a: ImpactedCi, b: ImpactedCi): number {
  return compare(a.ciId, b.ciId);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
