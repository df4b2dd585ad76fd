import type { Filter, Page, ReadStore } from '@itsm/read-store/port';
import { BY_PRIORITY_THEN_AGE, type PageRequest } from '../shared/page';
import { WORK_QUEUES_KEY, type WorkQueueItem } from './work-queue-item';

/** Everything a group still has to work, most urgent then oldest first. */
export function findGroupQueue(store: ReadStore, assignmentGroup: string, page: PageRequest): Promise<Page<WorkQueueItem>> {
  return findQueue(store, { active: true, assignmentGroup }, page);
}

/** Active incidents nobody has picked up, optionally only one group's. */
export function findUnassignedQueue(
  store: ReadStore,
  scope: { readonly group?: string },
  page: PageRequest,
): Promise<Page<WorkQueueItem>> {
  const filter: Filter = { active: true, assignee: null, ...(scope.group !== undefined && { assignmentGroup: scope.group }) };
  return findQueue(store, filter, page);
}

/** One person's work. */
export function findAssigneeQueue(store: ReadStore, assignee: string, page: PageRequest): Promise<Page<WorkQueueItem>> {
  return findQueue(store, { active: true, assignee }, page);
}

function findQueue(store: ReadStore, filter: Filter, page: PageRequest): Promise<Page<WorkQueueItem>> {
  return store.find<WorkQueueItem>(WORK_QUEUES_KEY, { filter, sort: BY_PRIORITY_THEN_AGE, limit: page.limit, cursor: page.cursor });
}
