import { configurationItemStream, type ConfigurationItemEvent, type CiRelationshipType } from '@itsm/domain';
import type { RecordedEvent } from '@itsm/event-store';
import type { RecordOptions, TestEventLog } from '../../testing/test-event-log';

type DataOf<T extends ConfigurationItemEvent['type']> = Omit<Extract<ConfigurationItemEvent, { type: T }>['data'], 'ciId'>;

/** Records one CI's facts with sensible defaults, for the CMDB projection specs. */
export function ciHistory(log: TestEventLog, ciId: string) {
  const record = <T extends ConfigurationItemEvent['type']>(type: T, data: DataOf<T>, options?: RecordOptions): RecordedEvent =>
    log.record(configurationItemStream(ciId), { type, data: { ciId, ...data } }, options);
  return {
    registered: (data: Partial<DataOf<'ConfigurationItemRegistered'>> = {}, options?: RecordOptions) =>
      record('ConfigurationItemRegistered', {
        name: ciId.toLowerCase(),
        normalisedName: ciId.toLowerCase(),
        ciClass: 'server',
        classCatalogueVersion: 'cmdb-classes-2025.1',
        attributes: {},
        ownerGroup: 'infra',
        status: 'in_use',
        criticality: 2,
        ...data,
      }, options),
    related: (type: CiRelationshipType, targetCiId: string, options?: RecordOptions) => record('ConfigurationItemRelationshipAdded', { type, targetCiId }, options),
    unrelated: (type: CiRelationshipType, targetCiId: string, options?: RecordOptions) => record('ConfigurationItemRelationshipRemoved', { type, targetCiId }, options),
    attributesUpdated: (set: DataOf<'ConfigurationItemAttributesUpdated'>['set'], unset: readonly string[] = [], options?: RecordOptions) =>
      record('ConfigurationItemAttributesUpdated', { set, unset }, options),
    renamed: (name: string, previousName: string, options?: RecordOptions) =>
      record('ConfigurationItemRenamed', { name, normalisedName: name.toLowerCase(), previousName, previousNormalisedName: previousName.toLowerCase() }, options),
    retired: (options?: RecordOptions) =>
      record('ConfigurationItemRetired', { normalisedName: ciId.toLowerCase(), previousStatus: 'in_use', reason: 'decommissioned' }, options),
  };
}
