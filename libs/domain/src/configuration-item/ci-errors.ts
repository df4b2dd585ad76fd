import { fieldRules } from '../shared/field-rules';
import { domainErrors, type DomainErrorTable } from '../shared/domain-error';

/**
 * Every rule a CI or CI-name command can break. The code is the contract (clients branch on it);
 * the kind is kept beside it so the thrown error and the documentation cannot disagree.
 */
export const CI_ERROR_CODES = {
  'ci.not_found': { kind: 'not_found', rule: 'The configuration item was never registered.' },
  'ci.already_exists': { kind: 'conflict', rule: 'A configuration item with this id has already been registered.' },
  'ci.retired': { kind: 'conflict', rule: 'A retired configuration item accepts no further commands.' },
  'ci.unknown_class': {
    kind: 'not_allowed',
    rule: 'The class is not in the class catalogue in force (details list the known classes).',
  },
  'ci.name_unchanged': { kind: 'not_allowed', rule: 'Renaming must change the name.' },
  'ci.attributes_unchanged': { kind: 'not_allowed', rule: 'The update would not change any attribute.' },
  'ci.status_unchanged': { kind: 'not_allowed', rule: 'The configuration item already has this status.' },
  'ci.status_transition_not_allowed': {
    kind: 'not_allowed',
    rule: 'The status cannot change from the current one to the requested one (details list the allowed).',
  },
  'ci.owner_group_unchanged': { kind: 'not_allowed', rule: 'The configuration item already has this owner group.' },
  'ci.self_relationship': { kind: 'not_allowed', rule: 'A configuration item cannot be related to itself.' },
  'ci.target_retired': { kind: 'conflict', rule: 'A relationship cannot be added to a retired configuration item.' },
  'ci.relationship_exists': { kind: 'conflict', rule: 'This relationship to this target is already recorded.' },
  'ci.relationship_not_found': { kind: 'not_found', rule: 'No relationship of this type to this target is recorded.' },
  'ci.name_taken': { kind: 'conflict', rule: 'Another configuration item holds this name (details.heldBy names it).' },
  'ci.invalid_field': {
    kind: 'not_allowed',
    rule: 'A field is blank, malformed or outside its allowed values (details.field names it).',
  },
} as const satisfies DomainErrorTable;

export type CiErrorCode = keyof typeof CI_ERROR_CODES;

export const ciError = domainErrors(CI_ERROR_CODES);

/** Blank text and values outside a closed list are refused as `ci.invalid_field`, naming the field. */
const rules = fieldRules((field, message, details = {}) => ciError('ci.invalid_field', message, { field, ...details }));
export const { requireText, requireOneOf } = rules;

/**
 * CI streams (`ci-<id>`) and name registry streams (`ci-name-<name>`) share a prefix, so a CI id
 * beginning with `name-` would land on a name registry stream. Such ids are refused wherever a CI
 * id enters the log.
 */
export function requireCiId(field: string, value: string): void {
  requireText(field, value);
  if (value.startsWith('name-')) {
    throw ciError('ci.invalid_field', `${field} must not begin with "name-" (reserved for the name registry)`, { field });
  }
}
