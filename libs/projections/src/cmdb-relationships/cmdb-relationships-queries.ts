import { assertImpactMaxCis, DEFAULT_IMPACT_MAX_CIS, impactTooLarge } from '@itsm/domain';
import type { ReadStore } from '@itsm/read-store/port';
import { findFailureEdgesOutOf } from './failure-edges';
import type { ImpactWalkOptions } from './impact-walk';

export { findFailureEdgesTouching } from './failure-edges';

/**
 * The CIs a service is built on: every CI whose failure reaches it (the service itself included),
 * found by walking the failure edges from the service towards what it depends on, level by level,
 * through the source index. Used to show a service's changes in the calendar. Cycles end because
 * each CI is visited once; more than `maxCis` components stop the walk with `ci.impact_too_large`.
 */
export async function findServiceComponents(store: ReadStore, serviceCiId: string, options: ImpactWalkOptions = {}): Promise<string[]> {
  const maxCis = assertImpactMaxCis(options.maxCis ?? DEFAULT_IMPACT_MAX_CIS);
  const found = new Set([serviceCiId]);
  let frontier = [serviceCiId];
  while (frontier.length > 0) {
    const edges = await findFailureEdgesOutOf(store, frontier);
    frontier = [...new Set(edges.map((edge) => edge.targetCiId).filter((ciId) => !found.has(ciId)))];
    frontier.forEach((ciId) => found.add(ciId));
    if (found.size - 1 > maxCis) throw impactTooLarge([serviceCiId], maxCis);
  }
  return [...found];
}
