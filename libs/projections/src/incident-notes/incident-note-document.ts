import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import { projectionKey } from '../shared/projection-key';

export const INCIDENT_NOTES = { name: 'incident_notes', version: 1 } as const;
export const INCIDENT_NOTES_KEY = projectionKey(INCIDENT_NOTES);

/** `work_note`: internal, for resolvers only. `comment`: visible to the caller. */
export const INCIDENT_NOTE_KINDS = ['work_note', 'comment'] as const;
export type IncidentNoteKind = (typeof INCIDENT_NOTE_KINDS)[number];

/**
 * One work note or comment, as written. Notes grow with an incident's life without bound, so each
 * is its own document, written once and paged, rather than a list inside the ticket document.
 */
export interface IncidentNoteDocument extends StoredDocument {
  readonly incidentId: string;
  readonly kind: IncidentNoteKind;
  readonly text: string;
  /** The authenticated actor recorded in the event. */
  readonly author: string;
  /** Business time (the event's `occurredAt`). */
  readonly at: string;
  /** The incident stream revision that recorded it: its place in the incident's history. */
  readonly revision: number;
  /** The log position that recorded it. */
  readonly position: string;
}

/** One incident's notes of one kind, by revision either way (the store appends id). */
export const INCIDENT_NOTES_COLLECTION: CollectionDefinition = {
  name: INCIDENT_NOTES_KEY,
  indexes: [{ fields: ['incidentId', 'kind', 'revision'] }],
};

/** A note is the event at this revision of the incident's stream: one id per note, whoever replays it. */
export function incidentNoteId(incidentId: string, revision: number): string {
  return `${incidentId}:${revision}`;
}
