import { domainErrors, type DomainErrorTable } from '../shared/domain-error';
import { fieldRules } from '../shared/field-rules';

export const BLACKOUT_WINDOW_ERROR_CODES = {
  'blackout_window.not_found': { kind: 'not_found', rule: 'The blackout window was never defined.' },
  'blackout_window.already_exists': { kind: 'conflict', rule: 'A blackout window with this id has already been defined.' },
  'blackout_window.withdrawn': { kind: 'conflict', rule: 'A withdrawn blackout window accepts no further commands.' },
  'blackout_window.unchanged': { kind: 'not_allowed', rule: 'The command would not change the blackout window.' },
  'blackout_window.invalid_window': {
    kind: 'not_allowed',
    rule: 'A window needs ISO-8601 instants with a zone, and must end after it starts.',
  },
  'blackout_window.ci_unknown': {
    kind: 'not_allowed',
    rule: 'A configuration item in the scope was never registered (details.field and details.ciId name it).',
  },
  'blackout_window.ci_retired': { kind: 'not_allowed', rule: 'A configuration item in the scope is retired (details.ciId).' },
  'blackout_window.too_many_cis': {
    kind: 'not_allowed',
    rule: 'A scope names at most MAX_CIS_PER_COMMAND (200) configuration items (details.max); use a scope of all CIs or several windows.',
  },
  'blackout_window.invalid_field': {
    kind: 'not_allowed',
    rule: 'A field is blank or outside its allowed values (details.field names it).',
  },
} as const satisfies DomainErrorTable;

export type BlackoutWindowErrorCode = keyof typeof BLACKOUT_WINDOW_ERROR_CODES;

export const blackoutWindowError = domainErrors(BLACKOUT_WINDOW_ERROR_CODES);

export const blackoutFields = fieldRules((field, message, details = {}) =>
  blackoutWindowError('blackout_window.invalid_field', message, { field, ...details }),
);
