import {
  CI_EVENT_TYPES,
  CI_STREAM_PREFIX,
  DEFAULT_CI_CLASS_CATALOGUE,
  assertNever,
  isServiceClass,
  withCiAttributeChanges,
  type ConfigurationItemEvent,
} from '@itsm/domain';
import type { DomainRecordedEvent, Projection } from '../projection';
import { CONFIGURATION_ITEMS, CONFIGURATION_ITEMS_COLLECTION, type ConfigurationItemDocument } from './configuration-item-document';

type CiFact = DomainRecordedEvent<ConfigurationItemEvent>;
type Detail = Omit<ConfigurationItemDocument, '_position'>;
type OwnFact = Exclude<CiFact, { type: 'ConfigurationItemRegistered' }>;

export const configurationItemsProjection: Projection<ConfigurationItemEvent, ConfigurationItemDocument> = {
  ...CONFIGURATION_ITEMS,
  collection: CONFIGURATION_ITEMS_COLLECTION,
  // Name registry events share the prefix; `handles` keeps them out by type.
  streamPrefixes: [CI_STREAM_PREFIX],
  handles: CI_EVENT_TYPES,
  // Only the CI's own stream: a relationship shows on its target through the edge collection.
  documentIds: (event) => [event.data.ciId],
  evolve: evolveConfigurationItemDetail,
};

export function evolveConfigurationItemDetail(document: ConfigurationItemDocument | null, event: CiFact): Detail | null {
  if (event.type === 'ConfigurationItemRegistered') return registered(event);
  // A fact about a CI never seen registered has nothing to attach to.
  if (document === null) return null;
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
      // Recorded on this CI, so it moves the revision and who changed it last; the edge is kept apart.
      return detail;
    default:
      return assertNever(event);
  }
}
