import { impactPath, servicesAmong, type CiCriticality, type CiImpactAnalysis, type CiRelationship, type ImpactedCi } from '@itsm/domain';
import type { ReadStore } from '@itsm/read-store/port';
import type { PageRequest } from '../shared/page';
import { walkImpact, type ImpactWalkOptions } from './impact-walk';
import { impactCursor, startAfterCursor } from './impact-cursor';

/** What a failure of `ciId` affects, now: every CI it reaches, and the services among them. */
export async function analyseImpact(store: ReadStore, ciId: string, options: ImpactWalkOptions = {}): Promise<CiImpactAnalysis> {
  const { impacted } = await walkImpact(store, [ciId], options);
  return { failedCiId: ciId, impacted, services: servicesAmong(impacted) };
}

export interface ImpactPageRequest extends PageRequest, ImpactWalkOptions {
  /** Also answer the whole path from the failed CI to this one (null when the failure does not reach it). */
  readonly pathTo?: string;
}

export interface ImpactPage {
  readonly failedCiId: string;
  /** How many CIs the failure reaches in all. */
  readonly total: number;
  /** One page of them, by depth then id. */
  readonly impacted: readonly ImpactedCi[];
  readonly nextCursor: string | null;
  /** Every impacted service, on every page: services are few, and what the service desk announces. */
  readonly services: readonly ImpactedCi[];
  readonly path?: readonly CiRelationship[] | null;
}

/**
 * One page of the impact of a failure of `ciId`. The walk runs whole for each page (it is bounded
 * by `maxCis`), so pages are consistent with the graph as it is when each is read.
 * Throws InvalidCursorError for a cursor this query did not make.
 */
export async function findImpactPage(store: ReadStore, ciId: string, request: ImpactPageRequest): Promise<ImpactPage> {
  const { impacted, services } = await analyseImpact(store, ciId, request);
  const start = request.cursor ? startAfterCursor(impacted, request.cursor) : 0;
  const page = impacted.slice(start, start + request.limit);
  const last = page.at(-1);
  const nextCursor = start + request.limit < impacted.length && last ? impactCursor(last) : null;
  const path = request.pathTo === undefined ? {} : { path: impactPath(impacted, request.pathTo) };
  return { failedCiId: ciId, total: impacted.length, impacted: page, nextCursor, services, ...path };
}

export interface AffectedServiceCi {
  readonly ciId: string;
  readonly name: string;
  readonly criticality: CiCriticality;
}

/**
 * The services a change to `ciIds` puts at stake: those among the CIs themselves, and every service
 * a failure of any of them reaches, by id. One walk from all the CIs at once, so its cost is that of
 * the part of the graph they touch together, however many CIs the change names.
 */
export async function findAffectedServices(store: ReadStore, ciIds: readonly string[], options: ImpactWalkOptions = {}): Promise<AffectedServiceCi[]> {
  if (ciIds.length === 0) return [];
  const { impacted, documents } = await walkImpact(store, ciIds, options);
  const candidates = new Set([...ciIds, ...impacted.map((ci) => ci.ciId)]);
  return [...candidates]
    .flatMap((ciId) => {
      const document = documents.get(ciId);
      return document?.isService ? [{ ciId, name: document.name, criticality: document.criticality }] : [];
    })
    .sort((a, b) => (a.ciId < b.ciId ? -1 : a.ciId > b.ciId ? 1 : 0));
}
