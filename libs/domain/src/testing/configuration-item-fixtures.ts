import type { CommandContext } from '../shared/decider';
import { DEFAULT_CI_CLASS_CATALOGUE, type CiClassCatalogue, type CiStatus } from '../configuration-item/ci-classes';
import type {
  ConfigurationItemCommand,
  ConfigurationItemCommandType,
  RegisterConfigurationItem,
} from '../configuration-item/ci-commands';
import type {
  ConfigurationItemEvent,
  ConfigurationItemEventType,
  ConfigurationItemRegistered,
} from '../configuration-item/ci-events';
import type { CiNameEvent, CiNameIntent, CiNameReleaseCondition, CiNameReleaseReason, ReleaseCiName, ReserveCiName } from '../configuration-item/ci-name-registry';

/** Builders for the CMDB specs: one CI, a fixed clock, readable defaults. */

export const CI_ID = 'CI0001001';
export const OTHER_CI_ID = 'CI0001002';

export const CATALOGUE_2025: CiClassCatalogue = DEFAULT_CI_CLASS_CATALOGUE;
/** A later catalogue with a class the default lacks, so a spec can show the classes are policy data. */
export const CATALOGUE_2026: CiClassCatalogue = {
  version: 'cmdb-classes-2026.1',
  classes: [...DEFAULT_CI_CLASS_CATALOGUE.classes, { id: 'kubernetes_cluster', label: 'Kubernetes cluster', service: false }],
};

export const AT = '2025-03-03T09:15:00.000Z';
export const context: CommandContext = { actor: 'agent:ada', now: AT };

type CommandOf<T extends ConfigurationItemCommandType> = Extract<ConfigurationItemCommand, { type: T }>;
type EventOf<T extends ConfigurationItemEventType> = Extract<ConfigurationItemEvent, { type: T }>;

export function command<T extends ConfigurationItemCommandType>(type: T, data: CommandOf<T>['data']): CommandOf<T> {
  return { type, ciId: CI_ID, data, context } as CommandOf<T>;
}

/** An event's data without the CI id, which every fixture shares. */
export type EventData<T extends ConfigurationItemEventType> = Omit<EventOf<T>['data'], 'ciId'>;

export function event<T extends ConfigurationItemEventType>(type: T, data: EventData<T>, ciId = CI_ID): EventOf<T> {
  return { type, data: { ciId, ...data } } as unknown as EventOf<T>;
}

export const ATTRIBUTES = { ip_address: '10.0.4.21', cpu_count: 8, virtual: false, serial_number: null };

export function registerCi(data: Partial<RegisterConfigurationItem['data']> = {}): RegisterConfigurationItem {
  return command('RegisterConfigurationItem', {
    name: 'Web Server 01',
    ciClass: 'server',
    attributes: ATTRIBUTES,
    ownerGroup: 'infra-ops',
    criticality: 2,
    classCatalogue: CATALOGUE_2025,
    ...data,
  });
}

export function ciRegistered(
  data: Partial<EventData<'ConfigurationItemRegistered'>> = {},
  ciId = CI_ID,
): ConfigurationItemRegistered {
  return event('ConfigurationItemRegistered', {
    name: 'Web Server 01',
    normalisedName: 'web server 01',
    ciClass: 'server',
    classCatalogueVersion: CATALOGUE_2025.version,
    attributes: ATTRIBUTES,
    ownerGroup: 'infra-ops',
    status: 'in_use',
    criticality: 2,
    ...data,
  }, ciId);
}

export const statusChanged = (status: Exclude<CiStatus, 'retired'>, previousStatus: Exclude<CiStatus, 'retired'>) =>
  event('ConfigurationItemStatusChanged', { status, previousStatus, reason: 'Scheduled work' });

export const retired = (previousStatus: Exclude<CiStatus, 'retired'> = 'in_use', reason = 'Decommissioned') =>
  event('ConfigurationItemRetired', { normalisedName: 'web server 01', previousStatus, reason });

export const relationshipAdded = (type: EventData<'ConfigurationItemRelationshipAdded'>['type'], targetCiId: string) =>
  event('ConfigurationItemRelationshipAdded', { type, targetCiId });

/** Histories that lead to each status, for specs that sweep over states. */
export const HISTORIES = {
  planned: [ciRegistered({ status: 'planned' })],
  in_use: [ciRegistered()],
  maintenance: [ciRegistered(), statusChanged('maintenance', 'in_use')],
  retired: [ciRegistered(), retired()],
} as const satisfies Record<CiStatus, readonly ConfigurationItemEvent[]>;

/** One well-formed instance of every command except Register, for sweeping rules over all commands. */
export const EVERY_LATER_COMMAND: readonly ConfigurationItemCommand[] = [
  command('RenameConfigurationItem', { name: 'Web Server 01a' }),
  command('UpdateConfigurationItemAttributes', { set: { cpu_count: 16 } }),
  command('ChangeConfigurationItemStatus', { status: 'retired', reason: 'Replaced' }),
  command('RetireConfigurationItem', { reason: 'Replaced' }),
  command('ChangeConfigurationItemOwnerGroup', { ownerGroup: 'platform-team' }),
  command('AddConfigurationItemRelationship', { type: 'runs_on', targetCiId: OTHER_CI_ID }),
  command('RemoveConfigurationItemRelationship', { type: 'runs_on', targetCiId: OTHER_CI_ID }),
];

// The name registry: one stream per normalised name.

/** A reservation's intent: the command `commandId` decided on the CI stream at `ciRevision`. */
export const intentOf = (commandId = 'cmd-register', ciRevision = -1, events: CiNameIntent['events'] = []): CiNameIntent => ({
  commandId,
  commandType: 'RegisterConfigurationItem',
  ciRevision,
  events,
});

export const reserveName = (name: string, ciId = CI_ID, intent: CiNameIntent = intentOf()): ReserveCiName => ({
  type: 'ReserveCiName',
  name,
  data: { ciId, intent },
  context,
});

export const releaseName = (
  name: string,
  ciId = CI_ID,
  reason: CiNameReleaseReason = 'renamed',
  condition: CiNameReleaseCondition = { kind: 'let_go', ciRevision: 5 },
): ReleaseCiName => ({ type: 'ReleaseCiName', name, data: { ciId, reason, condition }, context });

export const nameReserved = (name: string, normalisedName: string, ciId = CI_ID, intent: CiNameIntent | undefined = intentOf()): CiNameEvent => ({
  type: 'CiNameReserved',
  data: { normalisedName, name, ciId, ...(intent === undefined ? {} : { intent }) },
});

export const nameReleased = (normalisedName: string, ciId = CI_ID, reason: CiNameReleaseReason = 'renamed'): CiNameEvent => ({
  type: 'CiNameReleased',
  data: { normalisedName, ciId, reason },
});
