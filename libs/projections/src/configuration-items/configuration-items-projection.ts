import {
  CI_EVENT_TYPES,
  CI_RELATIONSHIP_TYPES,
  CI_STREAM_PREFIX,
  DEFAULT_CI_CLASS_CATALOGUE,
  assertNever,
  isServiceClass,
  withCiAttributeChanges,
  type ConfigurationItemEvent,
} from '@itsm/domain';
import type { DomainRecordedEvent, Projection } from '../projection';
import {
  CONFIGURATION_ITEMS,
  CONFIGURATION_ITEMS_COLLECTION,
  type CiRelationshipView,
  type ConfigurationItemDocument,
} from './configuration-item-document';

type CiFact = DomainRecordedEvent<ConfigurationItemEvent>;
type Detail = Omit<ConfigurationItemDocument, '_position'>;
type RelationshipFact = Extract<CiFact, { type: 'ConfigurationItemRelationshipAdded' | 'ConfigurationItemRelationshipRemoved' }>;
type OwnFact = Exclude<CiFact, { type: 'ConfigurationItemRegistered' }>;

export const configurationItemsProjection: Projection<ConfigurationItemEvent, ConfigurationItemDocument> = {
  ...CONFIGURATION_ITEMS,
  collection: CONFIGURATION_ITEMS_COLLECTION,
  // Name registry events share the prefix; `handles` keeps them out by type.
  streamPrefixes: [CI_STREAM_PREFIX],
  handles: CI_EVENT_TYPES,
  documentIds: (event) => (isRelationshipFact(event) ? [event.data.ciId, event.data.targetCiId] : [event.data.ciId]),
  evolve: evolveConfigurationItemDetail,
};

export function evolveConfigurationItemDetail(document: ConfigurationItemDocument | null, event: CiFact, documentId: string): Detail | null {
  if (event.type === 'ConfigurationItemRegistered') return registered(event);
  // A fact about a CI never seen registered has nothing to attach to (e.g. an unknown target).
  if (document === null) return null;
  if (isRelationshipFact(event) && documentId !== event.data.ciId) return { ...document, relationships: incoming(document.relationships, event) };
  return { ...applyOwnFact(document, event), updatedAt: event.metadata.occurredAt, updatedBy: event.metadata.actor, revision: event.revision };
}

function registered(event: Extract<CiFact, { type: 'ConfigurationItemRegistered' }>): Detail {
  const { data } = event;
  const { occurredAt, actor } = event.metadata;
  return {
    id: data.ciId,
    name: data.name,
    ciClass: data.ciClass,
    // The catalogue is versioned policy; the default one is the only one in force so far.
    isService: isServiceClass(DEFAULT_CI_CLASS_CATALOGUE, data.ciClass),
    criticality: data.criticality,
    status: data.status,
    ownerGroup: data.ownerGroup,
    attributes: data.attributes,
    relationships: [],
    registeredAt: occurredAt,
    registeredBy: actor,
    updatedAt: occurredAt,
    updatedBy: actor,
    revision: event.revision,
  };
}

function applyOwnFact(detail: Detail, event: OwnFact): Detail {
  switch (event.type) {
    case 'ConfigurationItemRenamed':
      return { ...detail, name: event.data.name };
    case 'ConfigurationItemAttributesUpdated':
      return { ...detail, attributes: withCiAttributeChanges(detail.attributes, event.data.set, event.data.unset) };
    case 'ConfigurationItemStatusChanged':
      return { ...detail, status: event.data.status };
    case 'ConfigurationItemRetired':
      return { ...detail, status: 'retired' };
    case 'ConfigurationItemOwnerGroupChanged':
      return { ...detail, ownerGroup: event.data.ownerGroup };
    case 'ConfigurationItemRelationshipAdded':
    case 'ConfigurationItemRelationshipRemoved':
      return { ...detail, relationships: outgoing(detail.relationships, event) };
    default:
      return assertNever(event);
  }
}

function outgoing(relationships: readonly CiRelationshipView[], event: RelationshipFact): readonly CiRelationshipView[] {
  const { type, targetCiId } = event.data;
  const view: CiRelationshipView = { type, direction: 'outgoing', label: CI_RELATIONSHIP_TYPES[type].label, otherCiId: targetCiId };
  return withOrWithout(relationships, view, event.type === 'ConfigurationItemRelationshipAdded');
}

function incoming(relationships: readonly CiRelationshipView[], event: RelationshipFact): readonly CiRelationshipView[] {
  const { type, ciId } = event.data;
  const view: CiRelationshipView = { type, direction: 'incoming', label: CI_RELATIONSHIP_TYPES[type].inverseLabel, otherCiId: ciId };
  return withOrWithout(relationships, view, event.type === 'ConfigurationItemRelationshipAdded');
}

/** Set semantics, so a fact that does not change the set (already there, already gone) is harmless. */
function withOrWithout(relationships: readonly CiRelationshipView[], view: CiRelationshipView, add: boolean): readonly CiRelationshipView[] {
  const others = relationships.filter((r) => !(r.type === view.type && r.direction === view.direction && r.otherCiId === view.otherCiId));
  return add ? [...others, view] : others;
}

function isRelationshipFact(event: CiFact): event is RelationshipFact {
  return event.type === 'ConfigurationItemRelationshipAdded' || event.type === 'ConfigurationItemRelationshipRemoved';
}
