import { assertNever } from '../shared/decider';
import type { CiCriticality, CiStatus } from './ci-classes';
import type { CiAttributes, ConfigurationItemEvent, ConfigurationItemRegistered } from './ci-events';
import type { CiRelationshipType } from './ci-relationship-types';

/** An outgoing relationship as the source CI keeps it (the source is the CI itself). */
export interface CiRelationshipRef {
  readonly type: CiRelationshipType;
  readonly targetCiId: string;
}

/** What a registered CI is, whatever its status. */
export interface CiFacts {
  readonly ciId: string;
  readonly name: string;
  readonly normalisedName: string;
  readonly ciClass: string;
  readonly attributes: CiAttributes;
  readonly ownerGroup: string;
  readonly criticality: CiCriticality;
  /** In the order added; used to refuse duplicates and to rebuild the graph as of an instant. */
  readonly relationships: readonly CiRelationshipRef[];
}

export type LiveCiStatus = Exclude<CiStatus, 'retired'>;

export type UnregisteredCi = { readonly status: 'none' };
export type LiveCi = CiFacts & { readonly status: LiveCiStatus };
/**
 * Terminal, yet it keeps its last facts: an auditor asking "what was this CI at T" after its
 * retirement gets its attributes and relationships as they stood. No command can act on it.
 */
export type RetiredCi = CiFacts & { readonly status: 'retired'; readonly retiredReason: string };

export type ConfigurationItemState = UnregisteredCi | LiveCi | RetiredCi;
export type RegisteredCi = LiveCi | RetiredCi;

export const initialConfigurationItemState: ConfigurationItemState = { status: 'none' };

/** Folds one recorded fact. Never validates: a fact that cannot apply to the state leaves it unchanged. */
export function evolveConfigurationItem(state: ConfigurationItemState, event: ConfigurationItemEvent): ConfigurationItemState {
  switch (event.type) {
    case 'ConfigurationItemRegistered':
      return registered(event.data);
    case 'ConfigurationItemRenamed': {
      const { name, normalisedName } = event.data;
      return whenLive(state, (live) => ({ ...live, name, normalisedName }));
    }
    case 'ConfigurationItemAttributesUpdated':
      return whenLive(state, (live) => ({
        ...live,
        attributes: withCiAttributeChanges(live.attributes, event.data.set, event.data.unset),
      }));
    case 'ConfigurationItemStatusChanged':
      return whenLive(state, (live) => ({ ...live, status: event.data.status }));
    case 'ConfigurationItemRetired':
      return whenLive(state, (live) => ({ ...live, status: 'retired', retiredReason: event.data.reason }));
    case 'ConfigurationItemOwnerGroupChanged':
      return whenLive(state, (live) => ({ ...live, ownerGroup: event.data.ownerGroup }));
    case 'ConfigurationItemRelationshipAdded': {
      const { type, targetCiId } = event.data;
      return whenLive(state, (live) =>
        hasCiRelationship(live, type, targetCiId) ? live : { ...live, relationships: [...live.relationships, { type, targetCiId }] },
      );
    }
    case 'ConfigurationItemRelationshipRemoved': {
      const { type, targetCiId } = event.data;
      return whenLive(state, (live) => ({
        ...live,
        relationships: live.relationships.filter((r) => !(r.type === type && r.targetCiId === targetCiId)),
      }));
    }
    default:
      return assertNever(event);
  }
}

export function isLiveCi(state: ConfigurationItemState): state is LiveCi {
  return state.status !== 'none' && state.status !== 'retired';
}

export function hasCiRelationship(facts: CiFacts, type: CiRelationshipType, targetCiId: string): boolean {
  return facts.relationships.some((r) => r.type === type && r.targetCiId === targetCiId);
}

/** Unset, then set: the decider never records a key in both, so the order only settles facts it did not write. */
export function withCiAttributeChanges(attributes: CiAttributes, set: CiAttributes, unset: readonly string[]): CiAttributes {
  const next: Record<string, CiAttributes[string]> = { ...attributes };
  for (const key of unset) delete next[key];
  return { ...next, ...set };
}

function registered(data: ConfigurationItemRegistered['data']): LiveCi {
  const { ciId, name, normalisedName, ciClass, attributes, ownerGroup, criticality, status } = data;
  const facts = { ciId, name, normalisedName, ciClass, attributes, ownerGroup, criticality, relationships: [] };
  return { ...facts, status };
}

function whenLive(state: ConfigurationItemState, next: (live: LiveCi) => ConfigurationItemState): ConfigurationItemState {
  return isLiveCi(state) ? next(state) : state;
}
