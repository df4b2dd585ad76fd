import type { Priority } from '@itsm/domain';
import type { Filter, FindQuery, Page, ReadStore } from '@itsm/read-store/port';
import { filterOf, type OneOrMany } from '../shared/any-of';
import { BY_PRIORITY_THEN_AGE, type PageRequest } from '../shared/page';
import { INCIDENT_DETAIL_KEY, type IncidentDetailDocument, type IncidentDetailStatus } from './incident-detail-document';

/** Each filter one value or several, any of which may match; the filters all hold. */
export interface IncidentListFilter {
  readonly status?: OneOrMany<IncidentDetailStatus>;
  readonly assignmentGroup?: OneOrMany<string>;
  readonly assignee?: OneOrMany<string>;
  readonly priority?: OneOrMany<Priority>;
  readonly category?: OneOrMany<string>;
}

export function getIncident(store: ReadStore, incidentId: string): Promise<IncidentDetailDocument | null> {
  return store.get<IncidentDetailDocument>(INCIDENT_DETAIL_KEY, incidentId);
}

/** Most urgent first, then oldest first; page on with the returned `nextCursor`. */
export function listIncidents(store: ReadStore, query: IncidentListFilter & PageRequest): Promise<Page<IncidentDetailDocument>> {
  return store.find<IncidentDetailDocument>(INCIDENT_DETAIL_KEY, incidentListQuery(query));
}

/** The query of listIncidents, for a read that asks the store itself (findAsJson). */
export function incidentListQuery(query: IncidentListFilter & PageRequest): FindQuery {
  return { filter: listFilter(query), sort: BY_PRIORITY_THEN_AGE, limit: query.limit, cursor: query.cursor };
}

export function countIncidents(store: ReadStore, filter: IncidentListFilter = {}): Promise<number> {
  return store.count(INCIDENT_DETAIL_KEY, listFilter(filter));
}

function listFilter({ status, assignmentGroup, assignee, priority, category }: IncidentListFilter): Filter {
  return filterOf({ status, assignmentGroup, assignee, priority, category });
}

/** The major incident board: live incidents proposed or accepted as major, the newest first. */
export function findMajorIncidents(store: ReadStore, majorStatuses: readonly ('proposed' | 'accepted')[], page: PageRequest): Promise<Page<IncidentDetailDocument>> {
  return store.find<IncidentDetailDocument>(INCIDENT_DETAIL_KEY, {
    filter: { majorStatus: { $in: [...majorStatuses] }, status: { $in: ['new', 'in_progress', 'on_hold', 'resolved'] } },
    sort: [{ field: 'openedAt', direction: 'desc' }],
    ...page,
  });
}
