import type { CommandContext } from '../shared/decider';
import type { CiClassCatalogue, CiCriticality, CiStatus } from './ci-classes';
import type { CiAttributes } from './ci-events';
import type { CiRelationshipType } from './ci-relationship-types';

type Command<Type extends string, Data> = {
  readonly type: Type;
  readonly ciId: string;
  readonly data: Readonly<Data>;
  readonly context: CommandContext;
};

/** The name must have been reserved first (see ci-name-protocol.ts); this decider cannot see other CIs. */
export type RegisterConfigurationItem = Command<'RegisterConfigurationItem', {
  name: string;
  ciClass: string;
  attributes: CiAttributes;
  ownerGroup: string;
  /** Defaults to in_use; retired is refused. */
  status?: CiStatus;
  criticality: CiCriticality;
  /** The catalogue in force, supplied by the caller of decide (policy is data, not a global). */
  classCatalogue: CiClassCatalogue;
}>;

export type RenameConfigurationItem = Command<'RenameConfigurationItem', { name: string }>;

/** A key in `set` that is also in `unset` is refused: the command would not say what it wants. */
export type UpdateConfigurationItemAttributes = Command<'UpdateConfigurationItemAttributes', {
  set?: CiAttributes;
  unset?: readonly string[];
}>;

export type ChangeConfigurationItemStatus = Command<'ChangeConfigurationItemStatus', { status: CiStatus; reason: string }>;
export type RetireConfigurationItem = Command<'RetireConfigurationItem', { reason: string }>;
export type ChangeConfigurationItemOwnerGroup = Command<'ChangeConfigurationItemOwnerGroup', { ownerGroup: string }>;

export type AddConfigurationItemRelationship = Command<'AddConfigurationItemRelationship', {
  type: CiRelationshipType;
  targetCiId: string;
  /**
   * The target's status as the handler read it from the CMDB read model. This decider sees only the
   * source's stream, so it can neither prove the target exists nor that it is live; given this, it
   * refuses a retired target. Absent (read model lagging or no lookup), the relationship is accepted.
   */
  targetStatus?: CiStatus;
}>;

export type RemoveConfigurationItemRelationship = Command<'RemoveConfigurationItemRelationship', {
  type: CiRelationshipType;
  targetCiId: string;
}>;

export type ConfigurationItemCommand =
  | RegisterConfigurationItem
  | RenameConfigurationItem
  | UpdateConfigurationItemAttributes
  | ChangeConfigurationItemStatus
  | RetireConfigurationItem
  | ChangeConfigurationItemOwnerGroup
  | AddConfigurationItemRelationship
  | RemoveConfigurationItemRelationship;

export type ConfigurationItemCommandType = ConfigurationItemCommand['type'];
