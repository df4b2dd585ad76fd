import { INCIDENT_EVENT_TYPES, INCIDENT_STREAM_PREFIX, assertNever, type IncidentEvent } from '@itsm/domain';
import type { DomainRecordedEvent, Projection } from '../projection';
import {
  INCIDENT_DETAIL,
  INCIDENT_DETAIL_COLLECTION,
  type IncidentDetailDocument,
  type IncidentDetailStatus,
} from './incident-detail-document';

type IncidentFact = DomainRecordedEvent<IncidentEvent>;
type Detail = Omit<IncidentDetailDocument, '_position'>;
type LaterFact = Exclude<IncidentFact, { type: 'IncidentOpened' }>;

export const incidentDetailProjection: Projection<IncidentEvent, IncidentDetailDocument> = {
  ...INCIDENT_DETAIL,
  collection: INCIDENT_DETAIL_COLLECTION,
  streamPrefixes: [INCIDENT_STREAM_PREFIX],
  handles: INCIDENT_EVENT_TYPES,
  documentIds: (event) => [event.data.incidentId],
  evolve: evolveIncidentDetail,
};

export function evolveIncidentDetail(document: IncidentDetailDocument | null, event: IncidentFact): Detail | null {
  if (event.type === 'IncidentOpened') return opened(event);
  // A fact about an incident never seen opened has nothing to attach to; after closing or
  // cancelling nothing changes, as in the decider.
  if (document === null || isTerminal(document.status)) return document;
  return { ...applyFact(document, event), updatedAt: event.metadata.occurredAt, updatedBy: event.metadata.actor, revision: event.revision };
}

function opened(event: Extract<IncidentFact, { type: 'IncidentOpened' }>): Detail {
  const { data } = event;
  const { occurredAt, actor } = event.metadata;
  return {
    id: data.incidentId,
    title: data.title,
    description: data.description,
    caller: data.caller,
    category: data.category,
    impact: data.impact,
    urgency: data.urgency,
    priority: data.priority,
    priorityMatrixVersion: data.priorityMatrixVersion,
    configurationItemId: data.configurationItemId,
    assignmentGroup: data.assignmentGroup,
    assignee: null,
    status: 'new',
    holdReason: null,
    holdNote: null,
    resolutionCode: null,
    resolutionNotes: null,
    cancellationReason: null,
    reassignmentCount: 0,
    reopenCount: 0,
    workNoteCount: 0,
    commentCount: 0,
    lastWorkNoteAt: null,
    lastWorkNoteBy: null,
    lastCommentAt: null,
    lastCommentBy: null,
    openedAt: occurredAt,
    openedBy: actor,
    updatedAt: occurredAt,
    updatedBy: actor,
    resolvedAt: null,
    closedAt: null,
    cancelledAt: null,
    revision: event.revision,
  };
}

function applyFact(detail: Detail, event: LaterFact): Detail {
  const at = event.metadata.occurredAt;
  switch (event.type) {
    case 'IncidentReclassified': {
      const { impact, urgency, priority, priorityMatrixVersion } = event.data;
      return { ...detail, impact, urgency, priority, priorityMatrixVersion };
    }
    case 'IncidentAssigned':
      return assignedTo(detail, event.data.assignmentGroup, event.data.assignee);
    case 'IncidentReassigned':
      return { ...assignedTo(detail, event.data.assignmentGroup, event.data.assignee), reassignmentCount: event.data.reassignmentCount };
    // The notes themselves are their own read model (incident-notes): only bounded facts stay here.
    case 'IncidentWorkNoteAdded':
      return { ...detail, workNoteCount: detail.workNoteCount + 1, lastWorkNoteAt: at, lastWorkNoteBy: event.metadata.actor };
    case 'IncidentCommentAdded':
      return { ...detail, commentCount: detail.commentCount + 1, lastCommentAt: at, lastCommentBy: event.metadata.actor };
    case 'IncidentPutOnHold':
      return { ...detail, status: 'on_hold', holdReason: event.data.reason, holdNote: event.data.note };
    case 'IncidentResumed':
      return { ...detail, status: 'in_progress', holdReason: null, holdNote: null };
    case 'IncidentResolved': {
      const { resolutionCode, resolutionNotes } = event.data;
      return { ...detail, status: 'resolved', holdReason: null, holdNote: null, resolutionCode, resolutionNotes, resolvedAt: at };
    }
    case 'IncidentReopened':
      // The resolution did not hold: it is no longer the incident's resolution.
      return { ...detail, status: 'in_progress', reopenCount: event.data.reopenCount, resolutionCode: null, resolutionNotes: null, resolvedAt: null };
    case 'IncidentClosed':
      return { ...detail, status: 'closed', closedAt: at };
    case 'IncidentCancelled':
      return { ...detail, status: 'cancelled', holdReason: null, holdNote: null, cancellationReason: event.data.reason, cancelledAt: at };
    default:
      return assertNever(event);
  }
}

/** As in the decider: naming an assignee on a new incident means work has started. */
function assignedTo(detail: Detail, assignmentGroup: string, assignee: string | null): Detail {
  const status = detail.status === 'new' && assignee !== null ? 'in_progress' : detail.status;
  return { ...detail, assignmentGroup, assignee, status };
}

function isTerminal(status: IncidentDetailStatus): boolean {
  return status === 'closed' || status === 'cancelled';
}
