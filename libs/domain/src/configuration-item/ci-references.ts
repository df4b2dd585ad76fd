import type { DomainError } from '../shared/domain-error';
import type { CiStatus } from './ci-classes';

/**
 * The status of each CI a command names, as the handler read it from the log: an incident's or a
 * change's decider cannot see CI streams. A CI missing here was never registered, so forgetting
 * the lookup refuses every CI rather than letting a made-up one through.
 */
export type CiStatuses = Readonly<Record<string, CiStatus>>;

/**
 * The most CIs one command may name (a change's affected CIs, a blackout's scope): each costs a
 * read of its stream, and for a change a walk of the graph around it, on the shared command path.
 */
export const MAX_CIS_PER_COMMAND = 200;

/** How an aggregate words a refused reference: its own error code, naming the field and the CI. */
export type RefuseCiReference = (field: string, problem: 'unknown' | 'retired', ciId: string) => DomainError;

/**
 * Refuses CIs that were never registered (a typo assessed as harmless once lowered a change's
 * approval bar) and retired ones (nothing can fail, be worked on or change there any more).
 */
export function requireUsableCis(field: string, ciIds: readonly string[], statuses: CiStatuses | undefined, refuse: RefuseCiReference): void {
  for (const ciId of ciIds) {
    const status = statuses !== undefined && Object.hasOwn(statuses, ciId) ? statuses[ciId] : undefined;
    if (status === undefined) throw refuse(field, 'unknown', ciId);
    if (status === 'retired') throw refuse(field, 'retired', ciId);
  }
}

/** The message every aggregate gives, so the reason reads the same wherever a CI is named. */
export function ciReferenceMessage(field: string, problem: 'unknown' | 'retired', ciId: string): string {
  return problem === 'unknown'
    ? `${field} names ${ciId}, which is not a registered configuration item`
    : `${field} names ${ciId}, which is retired`;
}
