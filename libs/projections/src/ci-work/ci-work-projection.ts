import { CHANGE_STREAM_PREFIX, INCIDENT_STREAM_PREFIX, assertNever, type ChangeEvent, type IncidentEvent } from '@itsm/domain';
import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import type { DomainRecordedEvent, Projection } from '../projection';
import { projectionKey } from '../shared/projection-key';

// Version 2: the incident's or change's number.
export const CI_WORK = { name: 'ci_work', version: 2 } as const;
export const CI_WORK_KEY = projectionKey(CI_WORK);

/**
 * One incident or change and the CIs it is about. Keyed by the work item, not the CI, because
 * the facts that end the work (IncidentResolved, ChangeClosed …) do not name the CIs again.
 */
export interface CiWorkItemDocument extends StoredDocument {
  readonly kind: 'incident' | 'change';
  readonly workId: string;
  /** INC… or CHG…; null for work opened before numbers were recorded. */
  readonly number: string | null;
  readonly title: string;
  /** The incident's CI (null for a change): the indexed lookup of findCiWork. */
  readonly ciId: string | null;
  /** A change's affected CIs (the incident's CI for an incident). */
  readonly ciIds: readonly string[];
  readonly open: boolean;
  readonly openedAt: string;
}

export const CI_WORK_COLLECTION: CollectionDefinition = {
  name: CI_WORK_KEY,
  indexes: [{ fields: ['kind', 'open', 'ciId'] }],
};

type Handled = Extract<
  IncidentEvent | ChangeEvent,
  {
    type:
      | 'IncidentOpened' | 'IncidentEdited' | 'IncidentResolved' | 'IncidentReopened' | 'IncidentClosed' | 'IncidentCancelled'
      | 'ChangeRaised' | 'ChangeUpdated' | 'ChangeClosed' | 'ChangeCancelled';
  }
>;
type Fact = DomainRecordedEvent<Handled>;
type Work = Omit<CiWorkItemDocument, '_position'>;

export const ciWorkDocumentId = (kind: 'incident' | 'change', workId: string): string => `${kind}|${workId}`;

export const ciWorkProjection: Projection<Handled, CiWorkItemDocument> = {
  ...CI_WORK,
  collection: CI_WORK_COLLECTION,
  streamPrefixes: [INCIDENT_STREAM_PREFIX, CHANGE_STREAM_PREFIX],
  handles: ['IncidentOpened', 'IncidentEdited', 'IncidentResolved', 'IncidentReopened', 'IncidentClosed', 'IncidentCancelled', 'ChangeRaised', 'ChangeUpdated', 'ChangeClosed', 'ChangeCancelled'],
  documentIds: (event) => ('incidentId' in event.data ? [ciWorkDocumentId('incident', event.data.incidentId)] : [ciWorkDocumentId('change', event.data.changeId)]),
  evolve: evolveCiWork,
};

export function evolveCiWork(document: CiWorkItemDocument | null, event: Fact): Work | null {
  const at = event.metadata.occurredAt;
  switch (event.type) {
    case 'IncidentOpened': {
      const { incidentId, title, configurationItemId } = event.data;
      const ciIds = configurationItemId === null ? [] : [configurationItemId];
      return { id: ciWorkDocumentId('incident', incidentId), kind: 'incident', workId: incidentId, number: event.data.number ?? null, title, ciId: configurationItemId, ciIds, open: true, openedAt: at };
    }
    case 'IncidentEdited': {
      // An incident's title and CI may be corrected: it moves to the CI it is about now.
      const { title, configurationItemId } = event.data.changes;
      if (document === null) return null;
      const moved = configurationItemId === undefined ? {} : { ciId: configurationItemId.to, ciIds: configurationItemId.to === null ? [] : [configurationItemId.to] };
      return { ...document, ...(title?.to != null && { title: title.to }), ...moved };
    }
    case 'ChangeRaised': {
      const { changeId, title, affectedCiIds } = event.data;
      return { id: ciWorkDocumentId('change', changeId), kind: 'change', workId: changeId, number: event.data.number ?? null, title, ciId: null, ciIds: affectedCiIds, open: true, openedAt: at };
    }
    case 'ChangeUpdated': {
      const { title, affectedCiIds } = event.data.changes;
      return document && { ...document, ...(title !== undefined && { title }), ...(affectedCiIds !== undefined && { ciIds: affectedCiIds }) };
    }
    case 'IncidentReopened':
      return document && { ...document, open: true };
    case 'IncidentResolved':
    case 'IncidentClosed':
    case 'IncidentCancelled':
    case 'ChangeClosed':
    case 'ChangeCancelled':
      return document && { ...document, open: false };
    default:
      return assertNever(event);
  }
}
