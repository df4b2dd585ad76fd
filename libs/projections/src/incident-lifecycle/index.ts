export * from './incident-lifecycle-document';
export { incidentLifecycleProjection, evolveIncidentLifecycleEntry } from './incident-lifecycle-projection';
export * from './incident-lifecycle-queries';
