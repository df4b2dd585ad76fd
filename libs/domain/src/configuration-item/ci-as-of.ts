import type { ConfigurationItemEvent } from './ci-events';
import type { CiInfo } from './ci-impact';
import type { CiRelationship } from './ci-relationship-types';
import {
  evolveConfigurationItem,
  initialConfigurationItemState,
  type ConfigurationItemState,
  type RegisteredCi,
} from './ci-state';

/**
 * The CMDB as it stood at an instant, rebuilt from recorded facts, for auditors ("what did the
 * graph look like when the change was approved?") and for impact analysis in the past. Pure: the
 * caller reads the events (with `occurredAt` from their metadata) and passes them in.
 */
export interface CiHistoryEntry {
  /** The CI whose stream recorded the event (the source, for a relationship). */
  readonly ciId: string;
  readonly event: ConfigurationItemEvent;
  /** ISO-8601, from the event's metadata. */
  readonly occurredAt: string;
}

/**
 * Every CI registered by `instant`, folded from its facts recorded at or before it (inclusive, so
 * "as of the approval" includes what was recorded in the same instant). Entries are folded in the
 * order given, which must be each stream's order (the global log's order is). Instants are compared
 * as points in time, not as strings, so differing offsets or precision compare correctly.
 */
export function configurationItemsAsOf(history: readonly CiHistoryEntry[], instant: string): ReadonlyMap<string, RegisteredCi> {
  const cutoff = instantOf(instant);
  const states = new Map<string, ConfigurationItemState>();
  for (const { ciId, event, occurredAt } of history) {
    if (!(Date.parse(occurredAt) <= cutoff)) continue;
    states.set(ciId, evolveConfigurationItem(states.get(ciId) ?? initialConfigurationItemState, event));
  }
  const registered = new Map<string, RegisteredCi>();
  for (const [ciId, state] of states) if (state.status !== 'none') registered.set(ciId, state);
  return registered;
}

/** One CI as of `instant`: `{ status: 'none' }` when it was not yet registered. */
export function configurationItemAsOf(history: readonly CiHistoryEntry[], ciId: string, instant: string): ConfigurationItemState {
  const mine = history.filter((entry) => entry.ciId === ciId);
  return configurationItemsAsOf(mine, instant).get(ciId) ?? initialConfigurationItemState;
}

/**
 * The graph as of `instant`: relationships added and not removed by then. A retired CI's
 * relationships stay in the graph (they were never removed); impact analysis skips retired CIs.
 */
export function relationshipsAsOf(history: readonly CiHistoryEntry[], instant: string): readonly CiRelationship[] {
  return relationshipsOf(configurationItemsAsOf(history, instant));
}

/** The source is the CI whose stream recorded the relationship (the map key). */
export function relationshipsOf(items: ReadonlyMap<string, RegisteredCi>): readonly CiRelationship[] {
  return [...items].flatMap(([sourceCiId, ci]) => ci.relationships.map(({ type, targetCiId }) => ({ sourceCiId, type, targetCiId })));
}

/** The `ciInfo` that `impactedBy` takes, from CIs rebuilt as of an instant. */
export function ciInfoOf(items: ReadonlyMap<string, RegisteredCi>): ReadonlyMap<string, CiInfo> {
  return new Map([...items].map(([ciId, ci]) => [ciId, { ciClass: ci.ciClass, status: ci.status }]));
}

function instantOf(instant: string): number {
  const time = Date.parse(instant);
  // Not a DomainError: a malformed instant is a bad query, which the HTTP layer validates as a 400.
  if (Number.isNaN(time)) throw new RangeError(`Not an ISO-8601 instant: ${instant}`);
  return time;
}
