export * from './incident-note-document';
export { incidentNotesProjection, evolveIncidentNote } from './incident-notes-projection';
export * from './incident-notes-queries';
