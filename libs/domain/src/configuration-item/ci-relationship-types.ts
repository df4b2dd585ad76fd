/**
 * Typed relationships between CIs. A relationship is recorded once, on the SOURCE CI's stream,
 * in its forward direction; the inverse name and label let projections show it from the target
 * too ("web-01 hosts shop-app") without a second fact that could disagree with the first.
 *
 * `failure` says how an outage travels along the edge, read by impact analysis:
 * - depends_on, runs_on: the target failing impacts the source (the app that runs on a dead server is down).
 * - contains (source = container, target = member): a member failing impacts the container (a service
 *   that contains an application is degraded when the application fails). Not the reverse: a container
 *   reported as failing is usually a symptom of a member, and physical "goes down with" belongs in runs_on.
 * - connects_to: no propagation. It is symmetric and holds for every cable in the estate; propagating
 *   it either way would flood the whole network with "impacted" CIs. Whatever needs a connection to
 *   work says so with depends_on.
 */
export const CI_RELATIONSHIP_TYPES = {
  depends_on: {
    inverse: 'used_by',
    label: 'Depends on',
    inverseLabel: 'Used by',
    symmetric: false,
    failure: 'target_impacts_source',
  },
  runs_on: { inverse: 'hosts', label: 'Runs on', inverseLabel: 'Hosts', symmetric: false, failure: 'target_impacts_source' },
  connects_to: {
    inverse: 'connects_to',
    label: 'Connects to',
    inverseLabel: 'Connects to',
    symmetric: true,
    failure: 'none',
  },
  contains: {
    inverse: 'member_of',
    label: 'Contains',
    inverseLabel: 'Member of',
    symmetric: false,
    failure: 'target_impacts_source',
  },
} as const satisfies Record<string, CiRelationshipTypeDefinition>;

export interface CiRelationshipTypeDefinition {
  readonly inverse: string;
  readonly label: string;
  readonly inverseLabel: string;
  readonly symmetric: boolean;
  readonly failure: 'target_impacts_source' | 'none';
}

export type CiRelationshipType = keyof typeof CI_RELATIONSHIP_TYPES;
export const CI_RELATIONSHIP_TYPE_IDS = Object.keys(CI_RELATIONSHIP_TYPES) as readonly CiRelationshipType[];

/** A relationship as the graph sees it: the edge from the CI that recorded it. */
export interface CiRelationship {
  readonly sourceCiId: string;
  readonly type: CiRelationshipType;
  readonly targetCiId: string;
}

/** True when a failure of `relationship.targetCiId` impacts `relationship.sourceCiId`. */
export function propagatesFailure(relationship: CiRelationship): boolean {
  return CI_RELATIONSHIP_TYPES[relationship.type]?.failure === 'target_impacts_source';
}
