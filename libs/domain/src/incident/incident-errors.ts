import { fieldRules } from '../shared/field-rules';
import { domainErrors, type DomainErrorTable } from '../shared/domain-error';

/**
 * Every rule an incident command can break. The code is the contract (clients branch on it);
 * the kind is kept here, beside the code, so the thrown error and the documentation cannot disagree.
 */
export const INCIDENT_ERROR_CODES = {
  'incident.not_found': { kind: 'not_found', rule: 'The incident was never opened.' },
  'incident.already_exists': { kind: 'conflict', rule: 'An incident with this id has already been opened.' },
  'incident.closed': { kind: 'conflict', rule: 'A closed incident accepts no further commands.' },
  'incident.cancelled': { kind: 'conflict', rule: 'A cancelled incident accepts no further commands.' },
  'incident.already_resolved': {
    kind: 'conflict',
    rule: 'A resolved incident can only be reopened, closed, or given work notes and comments.',
  },
  'incident.not_resolved': { kind: 'conflict', rule: 'Only a resolved incident can be reopened or closed.' },
  'incident.already_on_hold': { kind: 'conflict', rule: 'The incident is already on hold.' },
  'incident.not_on_hold': { kind: 'conflict', rule: 'Only an incident on hold can be resumed.' },
  'incident.not_assigned': { kind: 'conflict', rule: 'Reassigning needs a current assignment group; assign first.' },
  'incident.already_assigned': {
    kind: 'conflict',
    rule: 'Assigning only fills empty fields; changing a set group or assignee is a reassignment.',
  },
  'incident.assignee_requires_group': {
    kind: 'not_allowed',
    rule: 'An assignee works within an assignment group: name one, or assign the group first.',
  },
  'incident.assignment_empty': { kind: 'not_allowed', rule: 'Name an assignment group, an assignee, or both.' },
  'incident.assignment_unchanged': { kind: 'not_allowed', rule: 'The command would not change the assignment.' },
  'incident.classification_unchanged': {
    kind: 'not_allowed',
    rule: 'Reclassifying must change the impact or the urgency.',
  },
  'incident.ci_unknown': {
    kind: 'not_allowed',
    rule: 'The configuration item named was never registered (details.field and details.ciId name it).',
  },
  'incident.ci_retired': { kind: 'not_allowed', rule: 'The configuration item named is retired (details.ciId).' },
  'incident.work_already_started': { kind: 'conflict', rule: 'Only a new incident can have its work started.' },
  'incident.details_unchanged': { kind: 'not_allowed', rule: 'Editing must change at least one detail of the incident.' },
  'incident.awaiting_mismatch': {
    kind: 'not_allowed',
    rule: 'A hold names only what its reason waits for: a change when awaiting a change, a problem when awaiting a problem, a vendor ticket when awaiting a vendor; nothing otherwise.',
  },
  'incident.already_major': { kind: 'conflict', rule: 'The incident is already proposed or accepted as a major incident.' },
  'incident.not_proposed_major': { kind: 'conflict', rule: 'Only an incident proposed as major can be accepted or declined.' },
  'incident.not_major': { kind: 'conflict', rule: 'Only a major incident has a review.' },
  'incident.major_review_required': { kind: 'conflict', rule: 'A major incident is closed only after its review is recorded.' },
  'incident.child_unknown': { kind: 'not_allowed', rule: 'The child incident named was never opened (details.childId).' },
  'incident.child_not_open': { kind: 'conflict', rule: 'A child must be open (not resolved, closed or cancelled) to be attached.' },
  'incident.child_is_parent': { kind: 'not_allowed', rule: 'An incident cannot be its own child, nor take as a child an incident that has children of its own (no nesting, so no cycle).' },
  'incident.child_already_attached': { kind: 'conflict', rule: 'The incident is already a child of this one.' },
  'incident.child_not_attached': { kind: 'conflict', rule: 'The incident is not a child of this one.' },
  'incident.child_has_parent': { kind: 'conflict', rule: 'The incident is already a child of another incident (details.parentId): detach it there first.' },
  'incident.parent_is_child': { kind: 'not_allowed', rule: 'An incident attached as a child cannot take children of its own (no nesting, so no cycle).' },
  'incident.problem_unknown': { kind: 'not_allowed', rule: 'The problem the review names was never raised (details.problemId).' },
  'incident.review_unchanged': { kind: 'not_allowed', rule: 'The review is already recorded as it stands.' },
  'incident.awaiting_required': { kind: 'not_allowed', rule: 'An incident awaiting a problem names it: awaiting { kind: problem, reference: its id or number }.' },
  'incident.awaited_problem_unknown': { kind: 'not_allowed', rule: 'The problem the hold awaits was never raised (details.reference).' },
  'incident.awaited_problem_not_open': { kind: 'conflict', rule: 'The problem the hold awaits is already resolved, closed or cancelled: there is nothing left to await (details.problemStatus).' },
  'incident.awaited_problem_not_linked': { kind: 'conflict', rule: 'The problem the hold awaits does not link this incident: link it first, so that its resolution resumes this one.' },
  'incident.invalid_field': {
    kind: 'not_allowed',
    rule: 'A field is blank or outside its allowed values (details.field names it).',
  },
} as const satisfies DomainErrorTable;

export type IncidentErrorCode = keyof typeof INCIDENT_ERROR_CODES;

export const incidentError = domainErrors(INCIDENT_ERROR_CODES);

/** Blank text and values outside a closed list are refused as `incident.invalid_field`, naming the field. */
const rules = fieldRules((field, message, details = {}) => incidentError('incident.invalid_field', message, { field, ...details }));
export const { requireText, optionalText, requireOneOf } = rules;
