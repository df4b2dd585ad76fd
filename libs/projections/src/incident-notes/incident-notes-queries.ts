import type { FindQuery, Page, ReadStore } from '@itsm/read-store/port';
import { byRevision, type HistoryPageRequest } from '../shared/page';
import { INCIDENT_NOTES_KEY, type IncidentNoteDocument, type IncidentNoteKind } from './incident-note-document';

/**
 * One page of an incident's work notes or comments (never both: work notes are internal), oldest
 * first unless `order` is `desc`; page on with the returned `nextCursor`.
 */
export function findIncidentNotes(
  store: ReadStore,
  incidentId: string,
  kind: IncidentNoteKind,
  page: HistoryPageRequest,
): Promise<Page<IncidentNoteDocument>> {
  return store.find<IncidentNoteDocument>(INCIDENT_NOTES_KEY, incidentNotesQuery(incidentId, kind, page));
}

/** The query of findIncidentNotes, for a read that asks the store itself (findAsJson). */
export function incidentNotesQuery(incidentId: string, kind: IncidentNoteKind, page: HistoryPageRequest): FindQuery {
  return { filter: { incidentId, kind }, sort: byRevision(page.order), limit: page.limit, cursor: page.cursor };
}
