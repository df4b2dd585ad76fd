import { domainErrors, type DomainErrorTable } from '../shared/domain-error';
import { fieldRules } from '../shared/field-rules';

/** Every rule a problem command can break: the code is the contract, the kind beside it. */
export const PROBLEM_ERROR_CODES = {
  'problem.not_found': { kind: 'not_found', rule: 'The problem was never raised.' },
  'problem.already_exists': { kind: 'conflict', rule: 'A problem with this id has already been raised.' },
  'problem.closed': { kind: 'conflict', rule: 'A closed problem accepts no further commands.' },
  'problem.cancelled': { kind: 'conflict', rule: 'A cancelled problem accepts no further commands.' },
  'problem.already_resolved': { kind: 'conflict', rule: 'A resolved problem can only be closed, assigned or reclassified: its incidents, workaround, known error and fix are settled.' },
  'problem.not_resolved': { kind: 'conflict', rule: 'Only a resolved problem can be closed.' },
  'problem.wrong_stage': { kind: 'conflict', rule: 'The problem is not at the stage this step follows: new → assessed → root cause analysis → fix in progress → resolved → closed.' },
  'problem.root_cause_required': { kind: 'conflict', rule: 'Record the root cause first: a fix, or a known error, follows from it.' },
  'problem.workaround_required': { kind: 'conflict', rule: 'A known error is published with its workaround: record one first.' },
  'problem.known_error_unchanged': { kind: 'not_allowed', rule: 'The known error is already published as it stands.' },
  'problem.incident_unknown': { kind: 'not_allowed', rule: 'The incident named was never opened (details.incidentId).' },
  'problem.incident_already_linked': { kind: 'conflict', rule: 'The incident is already linked to this problem.' },
  'problem.incident_not_linked': { kind: 'conflict', rule: 'The incident is not linked to this problem.' },
  'problem.fix_change_unknown': { kind: 'not_allowed', rule: 'The change named was never raised (details.changeId).' },
  'problem.fix_change_not_successful': {
    kind: 'conflict',
    rule: 'The fix change is not closed successful: give overrideReason to resolve the problem anyway (details.status, details.outcome).',
  },
  'problem.workaround_unchanged': { kind: 'not_allowed', rule: 'The workaround is already recorded as it stands.' },
  'problem.fix_change_unchanged': { kind: 'not_allowed', rule: 'The change is already the fix of this problem.' },
  'problem.override_not_needed': { kind: 'not_allowed', rule: 'The fix change is closed successful: there is nothing to override, leave overrideReason out.' },
  'problem.assignment_unchanged': { kind: 'not_allowed', rule: 'The command would not change the assignment.' },
  'problem.classification_unchanged': { kind: 'not_allowed', rule: 'Reclassifying must change the impact or the urgency.' },
  'problem.ci_unknown': { kind: 'not_allowed', rule: 'The configuration item named was never registered (details.field and details.ciId name it).' },
  'problem.ci_retired': { kind: 'not_allowed', rule: 'The configuration item named is retired (details.ciId).' },
  'problem.invalid_field': { kind: 'not_allowed', rule: 'A field is blank or outside its allowed values (details.field names it).' },
} as const satisfies DomainErrorTable;

export type ProblemErrorCode = keyof typeof PROBLEM_ERROR_CODES;
export const problemError = domainErrors(PROBLEM_ERROR_CODES);

const rules = fieldRules((field, message, details = {}) => problemError('problem.invalid_field', message, { field, ...details }));
export const { requireText, optionalText } = rules;
