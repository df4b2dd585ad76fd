import { INCIDENT_DETAIL_KEY } from './incident-detail/incident-detail-document';
import { incidentDetailProjection } from './incident-detail/incident-detail-projection';
import type { AnyProjection } from './shared/projection-key';
import { WORK_QUEUES_KEY } from './work-queues/work-queue-item';
import { workQueuesProjection } from './work-queues/work-queues-projection';

/** What the projector runs: one runner per entry. */
export const ALL_PROJECTIONS: readonly AnyProjection[] = [incidentDetailProjection, workQueuesProjection];

/**
 * Every checkpoint key (also the collection names), for health and lag. A query's `consistentWith`
 * waits only for the read models it reads: INCIDENT_DETAIL_KEY, WORK_QUEUES_KEY.
 */
export const PROJECTION_KEYS: readonly string[] = [INCIDENT_DETAIL_KEY, WORK_QUEUES_KEY];
