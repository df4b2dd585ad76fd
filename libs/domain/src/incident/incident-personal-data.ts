import type { PersonalDataMap } from '../privacy/personal-data-fields';

/**
 * The caller's data on an incident: who they are and how and where they are reached. Their
 * contact type and location are sealed with their name, under their key; so are the same columns
 * of an imported row, kept as written.
 */
export const INCIDENT_PERSONAL_DATA: PersonalDataMap = {
  IncidentOpened: { subject: 'caller', fields: ['caller', 'contactType', 'location'] },
  IncidentEdited: { subject: null, fields: ['changes.contactType.from', 'changes.contactType.to', 'changes.location.from', 'changes.location.to'] },
  IncidentVersionImported: {
    subject: 'reading.caller',
    fields: ['reading.caller', 'reading.details.contactType', 'reading.details.location', 'row.caller_id', 'row.contact_type', 'row.location'],
  },
};

/**
 * The same data in the commands that bring it (paths within the command's data): what a request's
 * fingerprint (the Idempotency-Key's binding) must not hold in a form that outlives an erasure.
 */
export const INCIDENT_PERSONAL_REQUEST_DATA: PersonalDataMap = {
  OpenIncident: { subject: 'caller', fields: ['caller', 'contactType', 'location'] },
  EditIncident: { subject: null, fields: ['contactType', 'location'] },
};
