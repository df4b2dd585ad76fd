import { DomainError, type DomainErrorKind } from '../shared/domain-error';

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
  'incident.invalid_field': {
    kind: 'not_allowed',
    rule: 'A field is blank or outside its allowed values (details.field names it).',
  },
} as const satisfies Record<string, { readonly kind: DomainErrorKind; readonly rule: string }>;

export type IncidentErrorCode = keyof typeof INCIDENT_ERROR_CODES;

export function incidentError(
  code: IncidentErrorCode,
  message: string,
  details: Readonly<Record<string, unknown>> = {},
): DomainError {
  return new DomainError(code, message, INCIDENT_ERROR_CODES[code].kind, details);
}

/** A DTO can require a string but not that it says something; whitespace alone is no title. */
export function requireText(field: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw incidentError('incident.invalid_field', `${field} must not be blank`, { field });
  }
}

/** Absent (undefined or null) is a choice; a blank string is a mistake, not a way of saying "absent". */
export function optionalText(field: string, value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  requireText(field, value);
  return value;
}

/** Commands arrive as JSON, so a union type alone does not keep an unknown value out of the log. */
export function requireOneOf<T>(field: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) {
    throw incidentError('incident.invalid_field', `${field} must be one of ${allowed.join(', ')}`, {
      field,
      allowed,
    });
  }
}
