import { assertNever, type Decider } from '../shared/decider';
import { decideUpdateAttributes, requireAttributes } from './ci-attributes';
import {
  CI_CRITICALITIES,
  CI_STATUSES,
  CI_STATUS_TRANSITIONS,
  DEFAULT_REGISTRATION_STATUS,
  REGISTRABLE_CI_STATUSES,
  findCiClass,
  type CiClassCatalogue,
} from './ci-classes';
import type {
  ChangeConfigurationItemOwnerGroup,
  ChangeConfigurationItemStatus,
  ConfigurationItemCommand,
  RegisterConfigurationItem,
  RenameConfigurationItem,
} from './ci-commands';
import { CI_ERROR_CODES, ciError, requireCiId, requireOneOf, requireText, type CiErrorCode } from './ci-errors';
import type { ConfigurationItemEvent, ConfigurationItemRetired } from './ci-events';
import { normaliseCiName } from './ci-name-registry';
import { decideAddRelationship, decideRemoveRelationship } from './ci-relationships';
import {
  evolveConfigurationItem,
  initialConfigurationItemState,
  type ConfigurationItemState,
  type LiveCi,
} from './ci-state';

/**
 * Checks run from the state to the request: a command on a missing or retired CI is rejected for
 * that, whatever its payload, so a client learns the most useful thing first.
 */
export function decideConfigurationItem(
  command: ConfigurationItemCommand,
  state: ConfigurationItemState,
): readonly ConfigurationItemEvent[] {
  switch (command.type) {
    case 'RegisterConfigurationItem':
      return register(command, state);
    case 'RenameConfigurationItem':
      return rename(command, live(state));
    case 'UpdateConfigurationItemAttributes':
      return decideUpdateAttributes(command, live(state));
    case 'ChangeConfigurationItemStatus':
      return changeStatus(command, live(state));
    case 'RetireConfigurationItem':
      return [retirement(command.ciId, command.data.reason, live(state))];
    case 'ChangeConfigurationItemOwnerGroup':
      return changeOwnerGroup(command, live(state));
    case 'AddConfigurationItemRelationship':
      return decideAddRelationship(command, live(state));
    case 'RemoveConfigurationItemRelationship':
      return decideRemoveRelationship(command, live(state));
    default:
      return assertNever(command);
  }
}

export const configurationItemDecider: Decider<ConfigurationItemCommand, ConfigurationItemEvent, ConfigurationItemState> = {
  initialState: initialConfigurationItemState,
  evolve: evolveConfigurationItem,
  decide: decideConfigurationItem,
};

/** The name's uniqueness is not checked here: the handler reserves it first (ci-name-protocol.ts). */
function register(command: RegisterConfigurationItem, state: ConfigurationItemState): readonly ConfigurationItemEvent[] {
  if (state.status !== 'none') throw stateError('ci.already_exists', state);
  requireCiId('ciId', command.ciId);
  const { name, ciClass, ownerGroup, criticality, classCatalogue } = command.data;
  requireText('name', name);
  requireText('ownerGroup', ownerGroup);
  requireOneOf('criticality', criticality, CI_CRITICALITIES);
  const status = requireOneOf('status', command.data.status ?? DEFAULT_REGISTRATION_STATUS, REGISTRABLE_CI_STATUSES);
  const attributes = requireAttributes('attributes', command.data.attributes ?? {});
  requireKnownClass(ciClass, classCatalogue);
  const normalisedName = normaliseCiName(name);
  const classCatalogueVersion = classCatalogue.version;
  const data = { ciId: command.ciId, name, normalisedName, ciClass, classCatalogueVersion, attributes, ownerGroup, status, criticality };
  return [{ type: 'ConfigurationItemRegistered', data }];
}

function rename(command: RenameConfigurationItem, state: LiveCi): readonly ConfigurationItemEvent[] {
  const { name } = command.data;
  requireText('name', name);
  if (name === state.name) throw ciError('ci.name_unchanged', `The configuration item is already named "${name}"`, { name });
  const data = {
    ciId: command.ciId,
    name,
    normalisedName: normaliseCiName(name),
    previousName: state.name,
    previousNormalisedName: state.normalisedName,
  };
  return [{ type: 'ConfigurationItemRenamed', data }];
}

function changeStatus(command: ChangeConfigurationItemStatus, state: LiveCi): readonly ConfigurationItemEvent[] {
  const { status, reason } = command.data;
  requireOneOf('status', status, CI_STATUSES);
  requireText('reason', reason);
  if (status === state.status) throw stateError('ci.status_unchanged', state);
  const allowed = CI_STATUS_TRANSITIONS[state.status];
  if (!allowed.includes(status)) {
    const message = `A configuration item cannot go from ${state.status} to ${status}`;
    throw ciError('ci.status_transition_not_allowed', message, { status: state.status, requested: status, allowed });
  }
  if (status === 'retired') return [retirement(command.ciId, reason, state)];
  const data = { ciId: command.ciId, status, previousStatus: state.status, reason };
  return [{ type: 'ConfigurationItemStatusChanged', data }];
}

/** Retire and ChangeStatus(retired) record the same fact, with the name key the handler then releases. */
function retirement(ciId: string, reason: string, state: LiveCi): ConfigurationItemRetired {
  requireText('reason', reason);
  const data = { ciId, normalisedName: state.normalisedName, previousStatus: state.status, reason };
  return { type: 'ConfigurationItemRetired', data };
}

function changeOwnerGroup(command: ChangeConfigurationItemOwnerGroup, state: LiveCi): readonly ConfigurationItemEvent[] {
  const { ownerGroup } = command.data;
  requireText('ownerGroup', ownerGroup);
  if (ownerGroup === state.ownerGroup) {
    throw ciError('ci.owner_group_unchanged', `The owner group is already ${ownerGroup}`, { ownerGroup });
  }
  const data = { ciId: command.ciId, ownerGroup, previousOwnerGroup: state.ownerGroup };
  return [{ type: 'ConfigurationItemOwnerGroupChanged', data }];
}

/** The catalogue is the policy in force, so a class added to it later is accepted without a release. */
function requireKnownClass(ciClass: string, catalogue: CiClassCatalogue): void {
  requireText('ciClass', ciClass);
  if (findCiClass(catalogue, ciClass) === undefined) {
    const known = catalogue.classes.map((definition) => definition.id);
    throw ciError('ci.unknown_class', `${ciClass} is not a class in catalogue ${catalogue.version}`, {
      ciClass,
      classCatalogueVersion: catalogue.version,
      known,
    });
  }
}

function live(state: ConfigurationItemState): LiveCi {
  switch (state.status) {
    case 'none':
      throw stateError('ci.not_found', state);
    case 'retired':
      throw stateError('ci.retired', state);
    case 'planned':
    case 'in_use':
    case 'maintenance':
      return state;
    default:
      return assertNever(state);
  }
}

function stateError(code: CiErrorCode, state: ConfigurationItemState) {
  return ciError(code, CI_ERROR_CODES[code].rule, { status: state.status });
}
