import {
  assertImpactMaxCis,
  DEFAULT_IMPACT_MAX_CIS,
  impactTooLarge,
  nextImpactLevel,
  type CiInfo,
  type CiRelationship,
  type ImpactedCi,
} from '@itsm/domain';
import type { ReadStore } from '@itsm/read-store/port';
import { CONFIGURATION_ITEMS_KEY, type ConfigurationItemDocument } from '../configuration-items/configuration-item-document';
import { forEachFailureEdgeInto } from './failure-edges';
import { inChunks } from './find-all';

export interface ImpactWalkOptions {
  /** The most CIs the walk may look at besides the failed ones (retired ones included); default DEFAULT_IMPACT_MAX_CIS. */
  readonly maxCis?: number;
}

export interface ImpactWalk {
  /** Every CI a failure of any of the failed CIs reaches, by depth then id (the failed CIs are not listed). */
  readonly impacted: readonly ImpactedCi[];
  /** The documents of the failed CIs and of every CI the walk looked at, for what the caller reports of them. */
  readonly documents: ReadonlyMap<string, ConfigurationItemDocument>;
}

/**
 * A breadth-first walk from the failed CIs at once (one walk for a change's many CIs), with the
 * semantics of `impactedBy` (ADR 8). Each level reads only the failure edges into the frontier,
 * through the target index, and the documents of the CIs they come from; nothing else of the graph.
 * The cost is linear in the part of the graph the failure touches. A walk that looks at more than
 * `maxCis` CIs stops with `ci.impact_too_large` as soon as it sees them, before reading on.
 */
export async function walkImpact(store: ReadStore, failedCiIds: readonly string[], options: ImpactWalkOptions = {}): Promise<ImpactWalk> {
  const maxCis = assertImpactMaxCis(options.maxCis ?? DEFAULT_IMPACT_MAX_CIS);
  const sources = [...new Set(failedCiIds)];
  const touched = new Set(sources);
  const documents = new Map<string, ConfigurationItemDocument>();
  const ciInfo = new Map<string, CiInfo>();
  await loadDocuments(store, sources, documents, ciInfo);
  const seen = new Set(sources);
  const impacted: ImpactedCi[] = [];
  let frontier: readonly string[] = sources;
  for (let depth = 1; frontier.length > 0; depth++) {
    const { dependants, newlyTouched } = await readLevel(store, frontier, touched, () => {
      if (touched.size - sources.length > maxCis) throw impactTooLarge(sources, maxCis);
    });
    await loadDocuments(store, newlyTouched, documents, ciInfo);
    const level = nextImpactLevel(frontier, depth, (ciId) => dependants.get(ciId) ?? [], ciInfo, seen);
    level.forEach((ci) => seen.add(ci.ciId));
    impacted.push(...level);
    frontier = level.map((ci) => ci.ciId);
    await yieldToOtherRequests();
  }
  return { impacted, documents };
}

/** The failure edges into the frontier, by target, and the CIs they come from that the walk had not yet seen. */
async function readLevel(
  store: ReadStore,
  frontier: readonly string[],
  touched: Set<string>,
  checkCap: () => void,
): Promise<{ dependants: ReadonlyMap<string, readonly CiRelationship[]>; newlyTouched: string[] }> {
  const dependants = new Map<string, CiRelationship[]>();
  const newlyTouched: string[] = [];
  await forEachFailureEdgeInto(store, frontier, (edges) => {
    for (const edge of edges) {
      const into = dependants.get(edge.targetCiId) ?? [];
      if (into.length === 0) dependants.set(edge.targetCiId, into);
      into.push(edge);
      if (touched.has(edge.sourceCiId)) continue;
      touched.add(edge.sourceCiId);
      newlyTouched.push(edge.sourceCiId);
    }
    checkCap();
  });
  return { dependants, newlyTouched };
}

async function loadDocuments(
  store: ReadStore,
  ciIds: readonly string[],
  documents: Map<string, ConfigurationItemDocument>,
  ciInfo: Map<string, CiInfo>,
): Promise<void> {
  for (const chunk of inChunks(ciIds)) {
    for (const [id, document] of await store.getMany<ConfigurationItemDocument>(CONFIGURATION_ITEMS_KEY, chunk)) {
      documents.set(id, document);
      ciInfo.set(id, { ciClass: document.ciClass, status: document.status });
    }
  }
}

/**
 * An embedded store answers synchronously, so a walk would otherwise hold the one thread from its
 * first level to its last; between levels, requests that arrived meanwhile get their turn.
 */
function yieldToOtherRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
