import { auditTrailProjection } from './audit-trail/audit-trail-projection';
import { CHANGE_PROJECTIONS } from './change-projections';
import { CMDB_PROJECTIONS } from './cmdb-projections';
import { incidentDetailProjection } from './incident-detail/incident-detail-projection';
import { incidentNotesProjection } from './incident-notes/incident-notes-projection';
import { incidentLifecycleProjection } from './incident-lifecycle/incident-lifecycle-projection';
import { logCheckpointsProjection } from './log-checkpoints/log-checkpoints-projection';
import { problemRecordProjection } from './problem-records/problem-record-projection';
import { projectionKey, type AnyProjection } from './shared/projection-key';
import { slaClocksProjection } from './sla-clocks/sla-clocks-projection';
import { workQueuesProjection } from './work-queues/work-queues-projection';

/** What the projector runs: one runner per entry. */
export const ALL_PROJECTIONS: readonly AnyProjection[] = [incidentDetailProjection, incidentNotesProjection, incidentLifecycleProjection, workQueuesProjection, slaClocksProjection, ...CMDB_PROJECTIONS, ...CHANGE_PROJECTIONS, problemRecordProjection, auditTrailProjection, logCheckpointsProjection];

/**
 * Every checkpoint key (also the collection names), for health and lag. A query's `consistentWith`
 * waits only for the read models it reads (e.g. INCIDENT_DETAIL_KEY, WORK_QUEUES_KEY).
 */
export const PROJECTION_KEYS: readonly string[] = ALL_PROJECTIONS.map(projectionKey);
