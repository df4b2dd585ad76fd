import { domainErrors, type DomainErrorTable } from '../shared/domain-error';
import { fieldRules } from '../shared/field-rules';

/**
 * Every rule a change command can break. The code is the contract (clients branch on it); the kind
 * sits beside it so the thrown error and the documentation cannot disagree.
 */
export const CHANGE_ERROR_CODES = {
  'change.not_found': { kind: 'not_found', rule: 'The change was never raised.' },
  'change.already_exists': { kind: 'conflict', rule: 'A change with this id has already been raised.' },
  'change.closed': { kind: 'conflict', rule: 'A closed change accepts no further commands.' },
  'change.cancelled': { kind: 'conflict', rule: 'A cancelled change accepts no further commands.' },
  'change.not_draft': { kind: 'conflict', rule: 'Only a draft change is assessed.' },
  'change.not_assessed': {
    kind: 'conflict',
    rule: 'An emergency change may start before it is authorized, but not before its risk and approval rule are recorded.',
  },
  'change.not_awaiting_authorization': {
    kind: 'conflict',
    rule: 'Only a change awaiting authorization is approved or rejected.',
  },
  'change.not_authorized': { kind: 'conflict', rule: 'The change must be authorized first.' },
  'change.not_scheduled': { kind: 'conflict', rule: 'A normal or standard change is scheduled before it starts.' },
  'change.implementation_started': {
    kind: 'conflict',
    rule: 'Once implementation has started the change can no longer be edited, scheduled or cancelled.',
  },
  'change.not_implementing': { kind: 'conflict', rule: 'Only a change being implemented can be completed.' },
  'change.not_in_review': { kind: 'conflict', rule: 'Reviewing and closing come after implementation is complete.' },
  'change.review_already_recorded': { kind: 'conflict', rule: 'The post-implementation review is recorded once.' },
  'change.review_required': { kind: 'conflict', rule: 'A change is closed only after its post-implementation review.' },
  'change.retrospective_review_required': {
    kind: 'conflict',
    rule: 'An emergency change that started unauthorized or outside its window is closed only after its retrospective review.',
  },
  'change.retrospective_review_not_required': {
    kind: 'conflict',
    rule: 'Only a flagged emergency change awaits a retrospective review.',
  },
  'change.already_acted': { kind: 'conflict', rule: 'An approver approves or rejects a version of the change once.' },
  'change.content_mismatch': {
    kind: 'conflict',
    rule: 'The approver decided on content that has since changed; show them the current content.',
  },
  'change.self_approval': {
    kind: 'not_allowed',
    rule: 'The requester cannot approve, reject or review (after implementation or in retrospect) their own change.',
  },
  'change.implementer_approval': {
    kind: 'not_allowed',
    rule: 'The implementer (the assignee, or anyone assigned while the work was under way) cannot approve, reject or review the change.',
  },
  'change.approver_assigned': {
    kind: 'not_allowed',
    rule: 'Someone who approved the change in force (or endorsed its emergency start in retrospect) cannot be assigned to implement it.',
  },
  'change.not_in_approval_group': { kind: 'not_allowed', rule: "The approver must belong to the approval rule's group." },
  'change.outside_window': { kind: 'not_allowed', rule: 'A normal or standard change starts only within its scheduled window.' },
  'change.window_not_authorized': {
    kind: 'not_allowed',
    rule: 'The scheduled window must lie within the authorized window; edit the window (and ask again) to move it.',
  },
  'change.blackout_window': {
    kind: 'not_allowed',
    rule: 'Only an emergency change may be scheduled into a blackout window (recorded as an override).',
  },
  'change.template_locked': {
    kind: 'not_allowed',
    rule: "A standard change's plans are its pre-approved template's; raise a normal change to do other work.",
  },
  'change.reassessment_required': {
    kind: 'not_allowed',
    rule: 'Editing the window or affected CIs of an assessed change needs fresh risk inputs and policies.',
  },
  'change.nothing_to_update': { kind: 'not_allowed', rule: 'The command would not change anything.' },
  'change.invalid_window': {
    kind: 'not_allowed',
    rule: 'A window needs ISO-8601 instants with a zone, and must end after it starts.',
  },
  'change.ci_unknown': {
    kind: 'not_allowed',
    rule: 'An affected configuration item was never registered (details.field and details.ciId name it).',
  },
  'change.ci_retired': { kind: 'not_allowed', rule: 'An affected configuration item is retired (details.ciId).' },
  'change.too_many_cis': {
    kind: 'not_allowed',
    rule: 'A change names at most MAX_CIS_PER_COMMAND (200) configuration items (details.max); split it into several changes.',
  },
  'change.invalid_field': {
    kind: 'not_allowed',
    rule: 'A field is blank or outside its allowed values (details.field names it).',
  },
} as const satisfies DomainErrorTable;

export type ChangeErrorCode = keyof typeof CHANGE_ERROR_CODES;

export const changeError = domainErrors(CHANGE_ERROR_CODES);

export const changeFields = fieldRules((field, message, details = {}) =>
  changeError('change.invalid_field', message, { field, ...details }),
);
