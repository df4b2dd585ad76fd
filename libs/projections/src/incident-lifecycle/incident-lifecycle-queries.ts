import type { FindQuery, Page, ReadStore } from '@itsm/read-store/port';
import { byRevision, type HistoryPageRequest } from '../shared/page';
import {
  INCIDENT_LIFECYCLE_KEY,
  type IncidentHoldDocument,
  type IncidentLifecycleDocument,
  type IncidentLifecycleKind,
  type IncidentResolutionDocument,
} from './incident-lifecycle-document';

/** One page of an incident's holds, the first first unless `order` is `desc`; page on with `nextCursor`. */
export function findIncidentHolds(store: ReadStore, incidentId: string, page: HistoryPageRequest): Promise<Page<IncidentHoldDocument>> {
  return findEntries<IncidentHoldDocument>(store, incidentId, 'hold', page);
}

/** One page of an incident's resolutions, reopened ones included, the first first unless `order` is `desc`. */
export function findIncidentResolutions(
  store: ReadStore,
  incidentId: string,
  page: HistoryPageRequest,
): Promise<Page<IncidentResolutionDocument>> {
  return findEntries<IncidentResolutionDocument>(store, incidentId, 'resolution', page);
}

/** The query of findIncidentHolds (`hold`) or findIncidentResolutions (`resolution`), for a read that asks the store itself (findAsJson). */
export function incidentLifecycleQuery(incidentId: string, kind: IncidentLifecycleKind, page: HistoryPageRequest): FindQuery {
  return { filter: { incidentId, kind }, sort: byRevision(page.order), limit: page.limit, cursor: page.cursor };
}

function findEntries<D extends IncidentLifecycleDocument>(
  store: ReadStore,
  incidentId: string,
  kind: IncidentLifecycleKind,
  page: HistoryPageRequest,
): Promise<Page<D>> {
  return store.find<D>(INCIDENT_LIFECYCLE_KEY, incidentLifecycleQuery(incidentId, kind, page));
}
