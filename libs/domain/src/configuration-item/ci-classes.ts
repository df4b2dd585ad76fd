/**
 * What a CI can be, how critical it is, and which statuses follow which. The class list is policy
 * data (a catalogue with a version) rather than a union type, so a new class is a configuration
 * change, not a release; the version is recorded on registration for the auditor.
 */

export interface CiClassDefinition {
  readonly id: string;
  readonly label: string;
  /**
   * A service is what the business consumes; impact analysis reports affected services apart,
   * because they are what the service desk communicates about.
   */
  readonly service: boolean;
}

export interface CiClassCatalogue {
  readonly version: string;
  readonly classes: readonly CiClassDefinition[];
}

export const DEFAULT_CI_CLASS_CATALOGUE: CiClassCatalogue = {
  version: 'cmdb-classes-2025.1',
  classes: [
    { id: 'service', label: 'Business service', service: true },
    { id: 'technical_service', label: 'Technical service', service: true },
    { id: 'application', label: 'Application', service: false },
    { id: 'server', label: 'Server', service: false },
    { id: 'virtual_machine', label: 'Virtual machine', service: false },
    { id: 'database', label: 'Database', service: false },
    { id: 'network_device', label: 'Network device', service: false },
    { id: 'storage_device', label: 'Storage device', service: false },
    { id: 'cluster', label: 'Cluster', service: false },
  ],
};

export function findCiClass(catalogue: CiClassCatalogue, id: string): CiClassDefinition | undefined {
  return catalogue.classes.find((definition) => definition.id === id);
}

export function isServiceClass(catalogue: CiClassCatalogue, id: string): boolean {
  return findCiClass(catalogue, id)?.service === true;
}

/**
 * Business criticality, 1 = most critical … 4 = least, counted like incident impact and priority
 * (lower is more serious): 1 critical (an outage stops the business), 2 high (a core process
 * degrades), 3 medium (a workaround exists), 4 low (internal convenience only). The labels are the
 * words change risk uses for a service's criticality, so the CMDB value maps onto it one to one.
 */
export type CiCriticality = 1 | 2 | 3 | 4;
export const CI_CRITICALITIES: readonly CiCriticality[] = [1, 2, 3, 4];
export const CI_CRITICALITY_LABELS = {
  1: 'critical',
  2: 'high',
  3: 'medium',
  4: 'low',
} as const satisfies Record<CiCriticality, string>;

export const CI_STATUSES = ['planned', 'in_use', 'maintenance', 'retired'] as const;
export type CiStatus = (typeof CI_STATUSES)[number];
/** A CI is registered to be used; it is retired by a recorded decision, never born retired. */
export const REGISTRABLE_CI_STATUSES: readonly Exclude<CiStatus, 'retired'>[] = ['planned', 'in_use', 'maintenance'];
/** What discovery or a person registering an existing asset most often means. */
export const DEFAULT_REGISTRATION_STATUS = 'in_use' satisfies CiStatus;

/**
 * Allowed status changes. Retired is terminal; nothing goes back to planned, because a CI that
 * has been in use carries history that "planned" would misreport.
 */
export const CI_STATUS_TRANSITIONS: Readonly<Record<CiStatus, readonly CiStatus[]>> = {
  planned: ['in_use', 'retired'],
  in_use: ['maintenance', 'retired'],
  maintenance: ['in_use', 'retired'],
  retired: [],
};
