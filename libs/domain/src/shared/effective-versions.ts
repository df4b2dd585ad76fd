/**
 * Configuration with a history (priority matrices, business calendars, SLA policies): each version
 * takes effect from an instant, never before the command (what was decided by an earlier version
 * stays decided) and after every version already defined of the same thing.
 */

/** "Now" as a client sends it is already past when decided: up to a minute before is taken as now. */
const NOW_TOLERANCE_MS = 60_000;

export type EffectiveInstant =
  | { readonly ok: true; readonly effectiveFrom: string }
  | { readonly ok: false; readonly reason: 'not_an_instant' | 'retroactive' | 'out_of_order' };

/** When a new version asked to take effect at `asked` does, given `now` and the latest version's effectiveFrom (null: none yet). */
export function effectiveInstant(asked: unknown, now: string, latest: string | null): EffectiveInstant {
  const askedMs = typeof asked === 'string' ? Date.parse(asked) : Number.NaN;
  if (Number.isNaN(askedMs)) return { ok: false, reason: 'not_an_instant' };
  const nowMs = Date.parse(now);
  const effective = askedMs < nowMs && nowMs - askedMs <= NOW_TOLERANCE_MS ? nowMs : askedMs;
  if (effective < nowMs) return { ok: false, reason: 'retroactive' };
  if (latest !== null && effective <= Date.parse(latest)) return { ok: false, reason: 'out_of_order' };
  return { ok: true, effectiveFrom: new Date(effective).toISOString() };
}

/** The version in effect at `at`: the last that took effect by then, or null before the first. Versions are in the order they take effect. */
export function versionInForce<T extends { readonly effectiveFrom: string }>(versions: readonly T[], at: string): T | null {
  const instant = Date.parse(at);
  return versions.filter((version) => Date.parse(version.effectiveFrom) <= instant).at(-1) ?? null;
}
