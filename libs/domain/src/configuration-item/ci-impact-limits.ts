import { domainErrors, type DomainErrorTable } from '../shared/domain-error';

/**
 * The most CIs one impact analysis may reach before it stops. A walk costs time in proportion to
 * the graph it touches, on the one thread that also serves every other request; a CMDB of
 * thousands of CIs stays well inside it, and a graph where one failure reaches more is better
 * answered by a narrower question than by a stalled API.
 */
export const DEFAULT_IMPACT_MAX_CIS = 10_000;

/** Impact analysis is a read, not an aggregate: its one rule has its own small table. */
export const CI_IMPACT_ERROR_CODES = {
  'ci.impact_too_large': {
    kind: 'not_allowed',
    rule: 'A failure of these CIs reaches more CIs than one impact analysis may walk (details: maxCis, failedCiIds).',
  },
} as const satisfies DomainErrorTable;

const impactError = domainErrors(CI_IMPACT_ERROR_CODES);

/** Thrown by a walk that has reached more than `maxCis` CIs, without finishing it. */
export function impactTooLarge(failedCiIds: readonly string[], maxCis: number) {
  const which = failedCiIds.length === 1 ? `CI ${failedCiIds[0]}` : `these ${failedCiIds.length} CIs`;
  return impactError('ci.impact_too_large', `A failure of ${which} reaches more than ${maxCis} CIs, the most one impact analysis may walk`, {
    maxCis,
    failedCiIds,
  });
}

/** A positive integer, or a RangeError naming the option (a programming error, not a request's). */
export function assertImpactMaxCis(maxCis: number): number {
  if (!Number.isInteger(maxCis) || maxCis < 1) throw new RangeError(`maxCis must be a positive integer, got ${maxCis}`);
  return maxCis;
}
