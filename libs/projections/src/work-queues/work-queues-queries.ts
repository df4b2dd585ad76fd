import type { Priority } from '@itsm/domain';
import type { Filter, FindQuery, Page, ReadStore } from '@itsm/read-store/port';
import type { IncidentDetailStatus } from '../incident-detail/incident-detail-document';
import { filterOf, type OneOrMany } from '../shared/any-of';
import { BY_PRIORITY_THEN_AGE, type PageRequest } from '../shared/page';
import { WORK_QUEUES_KEY, type WorkQueueItem } from './work-queue-item';

/** What a queue screen narrows any queue to, each one value or several (a queue holds active incidents only). */
export interface QueueFilter {
  readonly status?: OneOrMany<IncidentDetailStatus>;
  readonly priority?: OneOrMany<Priority>;
}

/** Everything a group still has to work, most urgent then oldest first. */
export function findGroupQueue(store: ReadStore, assignmentGroup: string, page: PageRequest, narrowed: QueueFilter = {}): Promise<Page<WorkQueueItem>> {
  return store.find<WorkQueueItem>(WORK_QUEUES_KEY, groupQueueQuery(assignmentGroup, page, narrowed));
}

/** Active incidents nobody has picked up, of every group or of some. */
export function findUnassignedQueue(store: ReadStore, scope: QueueFilter & { readonly assignmentGroup?: OneOrMany<string> }, page: PageRequest): Promise<Page<WorkQueueItem>> {
  return store.find<WorkQueueItem>(WORK_QUEUES_KEY, unassignedQueueQuery(scope, page));
}

/** One person's work. */
export function findAssigneeQueue(store: ReadStore, assignee: string, page: PageRequest, narrowed: QueueFilter = {}): Promise<Page<WorkQueueItem>> {
  return store.find<WorkQueueItem>(WORK_QUEUES_KEY, assigneeQueueQuery(assignee, page, narrowed));
}

/** The query of findGroupQueue, for a read that asks the store itself (findAsJson). */
export function groupQueueQuery(assignmentGroup: string, page: PageRequest, narrowed: QueueFilter = {}): FindQuery {
  return queueQuery({ active: true, assignmentGroup, ...filterOf({ ...narrowed }) }, page);
}

/** The query of findUnassignedQueue. */
export function unassignedQueueQuery(scope: QueueFilter & { readonly assignmentGroup?: OneOrMany<string> }, page: PageRequest): FindQuery {
  return queueQuery({ active: true, assignee: null, ...filterOf({ ...scope }) }, page);
}

/** The query of findAssigneeQueue. */
export function assigneeQueueQuery(assignee: string, page: PageRequest, narrowed: QueueFilter = {}): FindQuery {
  return queueQuery({ active: true, assignee, ...filterOf({ ...narrowed }) }, page);
}

function queueQuery(filter: Filter, page: PageRequest): FindQuery {
  return { filter, sort: BY_PRIORITY_THEN_AGE, limit: page.limit, cursor: page.cursor };
}
