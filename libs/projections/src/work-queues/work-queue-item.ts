import type { Priority } from '@itsm/domain';
import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import type { IncidentDetailStatus } from '../incident-detail/incident-detail-document';
import { projectionKey } from '../shared/projection-key';

// Version 2: each line shows the incident's number.
export const WORK_QUEUES = { name: 'work_queues', version: 2 } as const;
export const WORK_QUEUES_KEY = projectionKey(WORK_QUEUES);

/**
 * One incident as a line in the service desk's queues. It stays when the incident leaves the
 * queues (`active: false`): a tombstone carries the position guard, so no re-delivered event
 * can bring the line back.
 */
export interface WorkQueueItem extends StoredDocument {
  /** INC0010001; null for an incident opened before numbers were recorded. */
  readonly number: string | null;
  readonly title: string;
  readonly priority: Priority;
  readonly status: IncidentDetailStatus;
  readonly assignmentGroup: string | null;
  readonly assignee: string | null;
  readonly openedAt: string;
  readonly updatedAt: string;
  /** True while new, in progress or on hold: the incident still needs someone. */
  readonly active: boolean;
}

/** One index per queue, each ending in the queue order (priority, age; the store appends id). */
export const WORK_QUEUES_COLLECTION: CollectionDefinition = {
  name: WORK_QUEUES_KEY,
  indexes: [
    { fields: ['active', 'assignmentGroup', 'priority', 'openedAt'] },
    { fields: ['active', 'assignee', 'priority', 'openedAt'] },
    { fields: ['active', 'assignmentGroup', 'assignee', 'priority', 'openedAt'] },
  ],
};
