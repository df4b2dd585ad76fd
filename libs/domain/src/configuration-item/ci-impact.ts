import { DEFAULT_CI_CLASS_CATALOGUE, isServiceClass, type CiClassCatalogue, type CiStatus } from './ci-classes';
import { propagatesFailure, type CiRelationship } from './ci-relationship-types';

// The cap on a walk is part of impact analysis's surface (the slice's index exports this file).
export * from './ci-impact-limits';

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
  /** Hops from the failed CI: 1 for a direct dependant. */
  readonly depth: number;
  /**
   * The hop that reached this CI, as recorded on its source (this CI); `via.targetCiId` is the CI
   * one hop nearer the failure. One hop rather than the whole path, so that an answer grows with
   * the CIs reached, not with their depth (a whole path per CI is quadratic on a chain);
   * `impactPath` rebuilds the path of any one CI.
   */
  readonly via: CiRelationship;
}

export interface CiImpactAnalysis {
  readonly failedCiId: string;
  /** Every CI the failure reaches, nearest first (then by id); the failed CI itself is not listed. */
  readonly impacted: readonly ImpactedCi[];
  /** The impacted CIs whose class the catalogue marks as a service: what the service desk announces. */
  readonly services: readonly ImpactedCi[];
}

/** The failure-carrying edges whose target is `ciId` (its dependants), in any order. */
export type DependantsOf = (ciId: string) => readonly CiRelationship[];

/**
 * Which CIs, and which services, a failure of `failedCiId` affects, transitively.
 *
 * Failure travels against the edge: for depends_on, runs_on and contains, the target failing
 * impacts the source; connects_to does not propagate (the reasons are beside CI_RELATIONSHIP_TYPES).
 * The walk is breadth-first, so each CI is reported once, at its smallest depth, reached by one hop
 * of a shortest path. Of several shortest paths, the one through the CIs whose ids sort first wins
 * (each level is walked in id order), so the answer does not depend on the order of `relationships`.
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
  const dependantsOf: DependantsOf = (ciId) => dependants.get(ciId) ?? [];
  const seen = new Set([failedCiId]);
  const impacted: ImpactedCi[] = [];
  let frontier: readonly string[] = [failedCiId];
  for (let depth = 1; frontier.length > 0; depth++) {
    const level = nextImpactLevel(frontier, depth, dependantsOf, ciInfo, seen);
    level.forEach((ci) => seen.add(ci.ciId));
    impacted.push(...level);
    frontier = level.map((ci) => ci.ciId);
  }
  return { failedCiId, impacted, services: servicesAmong(impacted, catalogue) };
}

/**
 * One level of the breadth-first walk: the CIs first reached at `depth` from `frontier` (the CIs
 * reached at `depth - 1`), sorted by id. `seen` holds every CI already reached and the failed CIs;
 * `ciInfo` must know the dependants of the frontier (an unknown one is reported with class and status
 * null). The caller adds the answer to `seen` before the next level. Shared by the in-memory walk
 * above and the read-store walk, which loads each level's edges and CIs only.
 */
export function nextImpactLevel(
  frontier: readonly string[],
  depth: number,
  dependantsOf: DependantsOf,
  ciInfo: ReadonlyMap<string, CiInfo>,
  seen: ReadonlySet<string>,
): ImpactedCi[] {
  const reached = new Map<string, ImpactedCi>();
  for (const from of [...frontier].sort(compare)) {
    for (const edge of [...dependantsOf(from)].filter(propagatesFailure).sort(byEdgeOrder)) {
      const info = ciInfo.get(edge.sourceCiId);
      if (seen.has(edge.sourceCiId) || reached.has(edge.sourceCiId) || info?.status === 'retired') continue;
      reached.set(edge.sourceCiId, { ciId: edge.sourceCiId, ciClass: info?.ciClass ?? null, status: info?.status ?? null, depth, via: edge });
    }
  }
  return [...reached.values()].sort(byCiId);
}

export function servicesAmong(impacted: readonly ImpactedCi[], catalogue: CiClassCatalogue = DEFAULT_CI_CLASS_CATALOGUE): ImpactedCi[] {
  return impacted.filter((ci) => ci.ciClass !== null && isServiceClass(catalogue, ci.ciClass));
}

/**
 * The relationships followed from the failed CI out to `ciId`, each as recorded on its source,
 * rebuilt from the `via` hops: `[{web depends_on db}, {shop runs_on web}]` reads "db failed; web
 * depends on it; shop runs on web". Null when the failure does not reach `ciId`.
 */
export function impactPath(impacted: readonly ImpactedCi[], ciId: string): CiRelationship[] | null {
  const byId = new Map(impacted.map((ci) => [ci.ciId, ci]));
  const path: CiRelationship[] = [];
  for (let ci = byId.get(ciId); ci !== undefined; ci = byId.get(ci.via.targetCiId)) path.push(ci.via);
  return path.length === 0 ? null : path.reverse();
}

/** For each CI, the edges along which its failure travels. */
function dependantsByTarget(relationships: readonly CiRelationship[]): ReadonlyMap<string, readonly CiRelationship[]> {
  const byTarget = new Map<string, CiRelationship[]>();
  for (const edge of relationships) {
    const edges = byTarget.get(edge.targetCiId) ?? [];
    edges.push(edge);
    byTarget.set(edge.targetCiId, edges);
  }
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
