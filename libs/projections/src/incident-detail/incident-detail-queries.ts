import type { Priority } from '@itsm/domain';
import type { Filter, Page, ReadStore } from '@itsm/read-store/port';
import { BY_PRIORITY_THEN_AGE, type PageRequest } from '../shared/page';
import { INCIDENT_DETAIL_KEY, type IncidentDetailDocument, type IncidentDetailStatus } from './incident-detail-document';

export interface IncidentListFilter {
  /** One status, or any of several. */
  readonly status?: IncidentDetailStatus | readonly IncidentDetailStatus[];
  readonly assignmentGroup?: string;
  readonly priority?: Priority | readonly Priority[];
}

export function getIncident(store: ReadStore, incidentId: string): Promise<IncidentDetailDocument | null> {
  return store.get<IncidentDetailDocument>(INCIDENT_DETAIL_KEY, incidentId);
}

/** Most urgent first, then oldest first; page on with the returned `nextCursor`. */
export function listIncidents(store: ReadStore, query: IncidentListFilter & PageRequest): Promise<Page<IncidentDetailDocument>> {
  return store.find<IncidentDetailDocument>(INCIDENT_DETAIL_KEY, {
    filter: listFilter(query),
    sort: BY_PRIORITY_THEN_AGE,
    limit: query.limit,
    cursor: query.cursor,
  });
}

export function countIncidents(store: ReadStore, filter: IncidentListFilter = {}): Promise<number> {
  return store.count(INCIDENT_DETAIL_KEY, listFilter(filter));
}

function listFilter({ status, assignmentGroup, priority }: IncidentListFilter): Filter {
  return {
    ...(status !== undefined && { status: oneOrMany(status) }),
    ...(assignmentGroup !== undefined && { assignmentGroup }),
    ...(priority !== undefined && { priority: oneOrMany(priority) }),
  };
}

function oneOrMany<T extends string | number>(value: T | readonly T[]): T | { readonly $in: readonly T[] } {
  return Array.isArray(value) ? { $in: value } : (value as T);
}

/** The major incident board: live incidents proposed or accepted as major, the newest first. */
export function findMajorIncidents(store: ReadStore, majorStatuses: readonly ('proposed' | 'accepted')[], page: PageRequest): Promise<Page<IncidentDetailDocument>> {
  return store.find<IncidentDetailDocument>(INCIDENT_DETAIL_KEY, {
    filter: { majorStatus: { $in: [...majorStatuses] }, status: { $in: ['new', 'in_progress', 'on_hold', 'resolved'] } },
    sort: [{ field: 'openedAt', direction: 'desc' }],
    ...page,
  });
}
