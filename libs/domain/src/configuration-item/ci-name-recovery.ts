import type { CommandContext } from '../shared/decider';
import type { CiNameIntent, CiNameReleaseReason, CiNameState, ReleaseCiName, ReservedCiName } from './ci-name-registry';
import type { ConfigurationItemState } from './ci-state';

/** What recovery knows of a held name, all of it read from the log. */
export interface HeldNameFacts {
  readonly name: CiNameState;
  /** The holder's CI stream, folded, and its revision (-1: the CI was never registered). */
  readonly ci: ConfigurationItemState;
  readonly ciRevision: number;
  /** The event right after the intent's revision was recorded by the intent's command. */
  readonly intentLanded: boolean;
}

export type CiNameRecoveryAction =
  | { readonly kind: 'none'; readonly reason: 'free' | 'carried' }
  /** Append the intent's sealed events at its revision, then run the releases they call for. */
  | { readonly kind: 'complete'; readonly intent: CiNameIntent }
  | { readonly kind: 'release'; readonly command: ReleaseCiName };

/**
 * The reaction that repairs what a crash between two streams left behind (ci-name-protocol.ts): a
 * name whose holder does not carry it. Pure; the runner reads the facts, acts, and appends the name
 * release at the name stream's revision it read, so it never frees a name reserved again meanwhile.
 * - The CI carries the name: nothing to do.
 * - The reserving command's events never landed and the CI is still at the revision they were
 *   decided on: finish the command by appending exactly those events (the command-api, if it is
 *   merely slow, would append the same ids at the same revision: one of the two is a no-op).
 * - They never landed and the CI moved on: they never can; release the name (abandoned).
 * - They landed and the CI let the name go later (renamed, retired) but its release was lost: release it.
 * - A reservation from before intents were recorded, on a CI that does not carry it: release it.
 */
export function decideCiNameRecovery(facts: HeldNameFacts, context: CommandContext): CiNameRecoveryAction {
  const { name, ci } = facts;
  if (name.status === 'free') return { kind: 'none', reason: 'free' };
  if (carries(ci, name)) return { kind: 'none', reason: 'carried' };
  const { intent } = name;
  if (intent === undefined) return release(name, letGoReason(ci), { kind: 'let_go', ciRevision: facts.ciRevision }, context);
  if (!facts.intentLanded && facts.ciRevision === intent.ciRevision) return { kind: 'complete', intent };
  const reason = facts.intentLanded ? letGoReason(ci) : 'abandoned';
  return release(name, reason, { kind: 'intent', commandId: intent.commandId, ciRevision: intent.ciRevision }, context);
}

function carries(ci: ConfigurationItemState, name: ReservedCiName): boolean {
  return ci.status !== 'none' && ci.status !== 'retired' && ci.ciId === name.ciId && ci.normalisedName === name.normalisedName;
}

function letGoReason(ci: ConfigurationItemState): CiNameReleaseReason {
  if (ci.status === 'none') return 'abandoned';
  return ci.status === 'retired' ? 'retired' : 'renamed';
}

function release(
  name: ReservedCiName,
  reason: CiNameReleaseReason,
  condition: ReleaseCiName['data']['condition'],
  context: CommandContext,
): CiNameRecoveryAction {
  return { kind: 'release', command: { type: 'ReleaseCiName', name: name.normalisedName, data: { ciId: name.ciId, reason, condition }, context } };
}
