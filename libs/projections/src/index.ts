export * from './projection';
export * from './all-projections';
export { projectionKey, type AnyEvent, type AnyProjection } from './shared/projection-key';
export { BY_PRIORITY_THEN_AGE, HISTORY_ORDERS, type HistoryOrder, type HistoryPageRequest, type PageRequest } from './shared/page';

export { PoisonEventError, projectEvents, touchedDocumentIds, ProjectionContractError } from './runner/project-events';
export {
  ProjectionRunner,
  type PoisonHandling,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
  type RunnerLogger,
} from './runner/projection-runner';
export { ProjectionLease, type LeasedWork, type ProjectionLeaseOptions } from './runner/projection-lease';
export { LogPass, type LogPassOptions } from './runner/log-pass';
export { PassProjection, type PassProjectionOptions } from './runner/pass-projection';
export { waitForPosition, type WaitForPositionOptions } from './runner/wait-for-position';
export { PENDING_EVENTS_COUNTED, projectionLag, type ProjectionLag } from './runner/projection-lag';

export * from './incident-detail/incident-detail-document';
export { incidentDetailProjection, evolveIncidentDetail } from './incident-detail/incident-detail-projection';
export * from './incident-detail/incident-detail-queries';
export * from './incident-notes';
export * from './incident-lifecycle';

export * from './work-queues/work-queue-item';
export { workQueuesProjection, evolveWorkQueueItem } from './work-queues/work-queues-projection';
export * from './work-queues/work-queues-queries';
export * from './change-records';
export * from './problem-records';
export * from './change-calendar';
export * from './blackout-windows';

export * from './configuration-items';
export * from './cmdb-relationships';
export * from './ci-history';
export * from './ci-work';
export * from './ci-name-claims';
export * from './change-templates/change-templates';
export * from './log-checkpoints';
export * from './audit-trail';
export * from './record-history';
export * from './sla-clocks';
export { csvCell, csvDocument } from './shared/csv';
export { filterOf, type OneOrMany } from './shared/any-of';
export { pageInMemory, questionOfCursor } from './shared/memory-page';
export { foldStream } from './shared/fold-stream';
export { recordedCalendarsInForce, slaWhatIf, whatIfConfiguration, whatIfConfigurationOf, WhatIfQuestionError, type WhatIfChanges, type SlaVerdict, type WhatIfIncident, type WhatIfOptions, type WhatIfSummary } from './sla-what-if/sla-what-if';
