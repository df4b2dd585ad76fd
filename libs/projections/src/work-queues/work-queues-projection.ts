import { INCIDENT_CHANGE_TYPES, INCIDENT_STREAM_PREFIX, assertNever, type IncidentChange } from '@itsm/domain';
import type { IncidentDetailStatus } from '../incident-detail/incident-detail-document';
import type { DomainRecordedEvent, Projection } from '../projection';
import { WORK_QUEUES, WORK_QUEUES_COLLECTION, type WorkQueueItem } from './work-queue-item';

type IncidentFact = DomainRecordedEvent<IncidentChange>;
type Item = Omit<WorkQueueItem, '_position'>;

export const workQueuesProjection: Projection<IncidentChange, WorkQueueItem> = {
  ...WORK_QUEUES,
  collection: WORK_QUEUES_COLLECTION,
  streamPrefixes: [INCIDENT_STREAM_PREFIX],
  // Notes and comments too: they move `updatedAt`, which a queue shows as last activity.
  handles: INCIDENT_CHANGE_TYPES,
  documentIds: (event) => [event.data.incidentId],
  evolve: evolveWorkQueueItem,
};

export function evolveWorkQueueItem(item: WorkQueueItem | null, event: IncidentFact): Item | null {
  if (event.type === 'IncidentOpened') {
    const { incidentId, title, priority, assignmentGroup } = event.data;
    const openedAt = event.metadata.occurredAt;
    return { id: incidentId, number: event.data.number ?? null, title, priority, status: 'new', assignmentGroup, assignee: null, openedAt, updatedAt: openedAt, active: true };
  }
  if (event.type === 'IncidentVersionImported') {
    // The imported version is the incident as it then stood, even after closing (ADR 17).
    const { incidentId, reading, holdsNumber, source } = event.data;
    // A version that arrived late changes nothing of the line.
    if (source.arrivedLate) return item;
    const number = holdsNumber ? event.data.number : null;
    const updatedAt = event.metadata.occurredAt;
    const { status, priority, assignmentGroup, assignee } = reading;
    const openedAt = item?.openedAt ?? reading.openedAt ?? updatedAt;
    return { id: incidentId, number, title: reading.details.title, priority, status, assignmentGroup, assignee: assignmentGroup === null ? null : assignee, openedAt, updatedAt, active: isActive(status) };
  }
  if (item === null || item.status === 'closed' || item.status === 'cancelled') return item;
  const next = applyFact(item, event);
  return { ...next, active: isActive(next.status), updatedAt: event.metadata.occurredAt };
}

function applyFact(item: Item, event: Exclude<IncidentFact, { type: 'IncidentOpened' | 'IncidentVersionImported' }>): Item {
  switch (event.type) {
    case 'IncidentReclassified':
      return { ...item, priority: event.data.priority };
    case 'IncidentEdited':
      return event.data.changes.title?.to != null ? { ...item, title: event.data.changes.title.to } : item;
    case 'IncidentAssigned':
    case 'IncidentReassigned': {
      const { assignmentGroup, assignee } = event.data;
      // As the fact says: only assignments recorded before schema version 5 started the work, and say so when read (ADR 21).
      const status = item.status === 'new' && event.data.startedWork ? 'in_progress' : item.status;
      return { ...item, assignmentGroup, assignee, status };
    }
    case 'IncidentWorkStarted':
      return item.status === 'new' ? { ...item, status: 'in_progress' } : item;
    case 'IncidentWorkNoteAdded':
    case 'IncidentCommentAdded':
    case 'IncidentWorkaroundPublished':
    case 'MajorIncidentProposed':
    case 'MajorIncidentAccepted':
    case 'MajorIncidentDeclined':
    case 'IncidentChildAttached':
    case 'IncidentChildDetached':
    case 'IncidentAttachedToParent':
    case 'IncidentDetachedFromParent':
    case 'IncidentWorkaroundWithdrawn':
    case 'MajorIncidentReviewRecorded':
      return item;
    case 'IncidentPutOnHold':
      return { ...item, status: 'on_hold' };
    case 'IncidentResumed':
      return { ...item, status: event.data.resumesTo ?? 'in_progress' };
    case 'IncidentReopened':
      return { ...item, status: 'in_progress' };
    case 'IncidentResolved':
      return { ...item, status: 'resolved' };
    case 'IncidentClosed':
      return { ...item, status: 'closed' };
    case 'IncidentCancelled':
      return { ...item, status: 'cancelled' };
    default:
      return assertNever(event);
  }
}

function isActive(status: IncidentDetailStatus): boolean {
  return status === 'new' || status === 'in_progress' || status === 'on_hold';
}
