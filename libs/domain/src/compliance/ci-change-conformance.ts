import type { ConfigurationItemEvent } from '../configuration-item/ci-events';
import type { Nonconformity } from './change-conformance';

/**
 * ISO/IEC 20000-1 clause 8.2.6 (configuration management): every change to a CI in the period should
 * be covered by an authorised change that names the CI and whose window contains the moment of the
 * CI change. Registrations are not changes of an existing CI and are listed, not checked.
 */
export interface RecordedCiFact {
  readonly position: string;
  readonly occurredAt: string;
  readonly actor: string;
  readonly event: ConfigurationItemEvent;
}

/** What a change authorised for CIs says: which CIs, from when it was authorised, in which window. */
export interface CoveringChange {
  readonly changeId: string;
  readonly number: string | null;
  readonly affectedCiIds: readonly string[];
  readonly authorizedAt: string | null;
  readonly window: { readonly start: string; readonly end: string } | null;
}

export interface CiChangeEvidence {
  readonly ciId: string;
  readonly type: string;
  readonly at: string;
  readonly actor: string;
  readonly position: string;
  /** The authorised changes covering it; none is a nonconformity. */
  readonly coveredBy: readonly string[];
}

export const CI_NONCONFORMITIES = {
  ci_change_unlinked: 'A CI was changed with no authorised change naming it whose window contains the moment.',
} as const;

/** The CI changes of the period, each with the authorised changes covering it, and those covered by none. */
export function ciChangeConformance(facts: readonly RecordedCiFact[], changes: readonly CoveringChange[], period: { readonly from: string; readonly to: string }): { readonly evidence: readonly CiChangeEvidence[]; readonly nonconformities: readonly Nonconformity[] } {
  const evidence: CiChangeEvidence[] = [];
  const nonconformities: Nonconformity[] = [];
  for (const { event, occurredAt: at, actor, position } of facts) {
    if (at < period.from || at >= period.to || event.type === 'ConfigurationItemRegistered') continue;
    const { ciId } = event.data;
    const coveredBy = changes
      .filter((change) => change.affectedCiIds.includes(ciId) && change.authorizedAt !== null && change.authorizedAt <= at && change.window !== null && change.window.start <= at && at < change.window.end)
      .map((change) => change.number ?? change.changeId);
    evidence.push({ ciId, type: event.type, at, actor, position, coveredBy });
    if (coveredBy.length === 0) {
      nonconformities.push({ clause: '8.2.6', kind: 'ci_change_unlinked', record: { kind: 'ci', id: ciId, number: null }, at, detail: `${event.type} by ${actor} with no authorised change covering ${ciId} at ${at}.`, positions: [position] });
    }
  }
  return { evidence, nonconformities };
}
