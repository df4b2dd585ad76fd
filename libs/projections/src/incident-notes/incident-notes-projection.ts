import { INCIDENT_STREAM_PREFIX, type IncidentEvent } from '@itsm/domain';
import type { DomainRecordedEvent, Projection } from '../projection';
import {
  INCIDENT_NOTES,
  INCIDENT_NOTES_COLLECTION,
  incidentNoteId,
  type IncidentNoteDocument,
  type IncidentNoteKind,
} from './incident-note-document';

type IncidentFact = DomainRecordedEvent<IncidentEvent>;
type Note = Omit<IncidentNoteDocument, '_position'>;

export const incidentNotesProjection: Projection<IncidentEvent, IncidentNoteDocument> = {
  ...INCIDENT_NOTES,
  collection: INCIDENT_NOTES_COLLECTION,
  streamPrefixes: [INCIDENT_STREAM_PREFIX],
  handles: ['IncidentWorkNoteAdded', 'IncidentCommentAdded'],
  documentIds: (event) => [incidentNoteId(event.data.incidentId, event.revision)],
  evolve: evolveIncidentNote,
};

/** A note is a recorded fact: written once from its event, never changed after. */
export function evolveIncidentNote(note: IncidentNoteDocument | null, event: IncidentFact): Note | null {
  if (note !== null) return note;
  if (event.type !== 'IncidentWorkNoteAdded' && event.type !== 'IncidentCommentAdded') return null;
  const kind: IncidentNoteKind = event.type === 'IncidentWorkNoteAdded' ? 'work_note' : 'comment';
  const { incidentId, text } = event.data;
  return {
    id: incidentNoteId(incidentId, event.revision),
    incidentId,
    kind,
    text,
    author: event.metadata.actor,
    at: event.metadata.occurredAt,
    revision: event.revision,
    position: event.position,
  };
}
