import type { CiCriticality, CiStatus } from './ci-classes';
import type { CiRelationshipType } from './ci-relationship-types';

/** Flat on purpose: attributes are filtered and compared by key, and a nested value has no diff. */
export type CiAttributeValue = string | number | boolean | null;
export type CiAttributes = Readonly<Record<string, CiAttributeValue>>;

export const configurationItemStream = (ciId: string): string => `ci-${ciId}`;
/**
 * Also the prefix of the name registry's streams (`ci-name-…`, see ci-name-registry.ts): a
 * subscriber filtering on it must tell the two apart by event type (CI_EVENT_TYPES vs CI_NAME_EVENT_TYPES).
 */
export const CI_STREAM_PREFIX = 'ci-';

type Event<Type extends string, Data> = { readonly type: Type; readonly data: Readonly<Data> };

/**
 * `normalisedName` is the name registry key that was reserved. It is recorded, not recomputed, so
 * the matching release still hits the right stream if the normalisation rule ever changes.
 */
export type ConfigurationItemRegistered = Event<'ConfigurationItemRegistered', {
  ciId: string;
  name: string;
  normalisedName: string;
  ciClass: string;
  classCatalogueVersion: string;
  attributes: CiAttributes;
  ownerGroup: string;
  /** Never retired: a CI is retired by a recorded decision, not born so. */
  status: Exclude<CiStatus, 'retired'>;
  criticality: CiCriticality;
}>;

export type ConfigurationItemRenamed = Event<'ConfigurationItemRenamed', {
  ciId: string;
  name: string;
  normalisedName: string;
  previousName: string;
  previousNormalisedName: string;
}>;

/**
 * Only what actually changed: `set` holds new or different values, `unset` keys that were present.
 * `previous` holds the value before of every key in `set` or `unset` that had one, so the fact says
 * what was overwritten or removed; a key new to the CI is absent from it (null is a value). Events
 * recorded before schema version 2 lack `previous`.
 */
export type ConfigurationItemAttributesUpdated = Event<'ConfigurationItemAttributesUpdated', {
  ciId: string;
  set: CiAttributes;
  unset: readonly string[];
  previous?: CiAttributes;
}>;

/** Between the live statuses; retirement is its own fact (ConfigurationItemRetired). */
export type ConfigurationItemStatusChanged = Event<'ConfigurationItemStatusChanged', {
  ciId: string;
  status: Exclude<CiStatus, 'retired'>;
  previousStatus: Exclude<CiStatus, 'retired'>;
  reason: string;
}>;

/**
 * One fact whichever command retired the CI (Retire, or ChangeStatus to retired), so projections
 * and the name release react to one event type. Carries the name key to release.
 */
export type ConfigurationItemRetired = Event<'ConfigurationItemRetired', {
  ciId: string;
  normalisedName: string;
  previousStatus: Exclude<CiStatus, 'retired'>;
  reason: string;
}>;

export type ConfigurationItemOwnerGroupChanged = Event<'ConfigurationItemOwnerGroupChanged', {
  ciId: string;
  ownerGroup: string;
  previousOwnerGroup: string;
}>;

/** Recorded on the source CI's stream; `ciId` is the source. */
export type ConfigurationItemRelationshipAdded = Event<'ConfigurationItemRelationshipAdded', {
  ciId: string;
  type: CiRelationshipType;
  targetCiId: string;
}>;

export type ConfigurationItemRelationshipRemoved = Event<'ConfigurationItemRelationshipRemoved', {
  ciId: string;
  type: CiRelationshipType;
  targetCiId: string;
}>;

export type ConfigurationItemEvent =
  | ConfigurationItemRegistered
  | ConfigurationItemRenamed
  | ConfigurationItemAttributesUpdated
  | ConfigurationItemStatusChanged
  | ConfigurationItemRetired
  | ConfigurationItemOwnerGroupChanged
  | ConfigurationItemRelationshipAdded
  | ConfigurationItemRelationshipRemoved;

export type ConfigurationItemEventType = ConfigurationItemEvent['type'];

export const CI_EVENT_TYPES: readonly ConfigurationItemEventType[] = [
  'ConfigurationItemRegistered',
  'ConfigurationItemRenamed',
  'ConfigurationItemAttributesUpdated',
  'ConfigurationItemStatusChanged',
  'ConfigurationItemRetired',
  'ConfigurationItemOwnerGroupChanged',
  'ConfigurationItemRelationshipAdded',
  'ConfigurationItemRelationshipRemoved',
];

/**
 * Bumped when the shape of an event's data changes; recorded in metadata. Covers the name registry's events too.
 * 2: ConfigurationItemAttributesUpdated carries `previous`.
 */
export const CI_EVENT_SCHEMA_VERSION = 2;
