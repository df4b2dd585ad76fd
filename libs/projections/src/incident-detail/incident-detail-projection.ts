import { INCIDENT_CHANGE_TYPES, INCIDENT_STREAM_PREFIX, assertNever, type IncidentChange } from '@itsm/domain';
import type { DomainRecordedEvent, Projection } from '../projection';
import {
  INCIDENT_DETAIL,
  INCIDENT_DETAIL_COLLECTION,
  type IncidentDetailDocument,
  type IncidentDetailStatus,
} from './incident-detail-document';

type IncidentFact = DomainRecordedEvent<IncidentChange>;
type Detail = Omit<IncidentDetailDocument, '_position'>;
type LaterFact = Exclude<IncidentFact, { type: 'IncidentOpened' | 'IncidentVersionImported' }>;

export const incidentDetailProjection: Projection<IncidentChange, IncidentDetailDocument> = {
  ...INCIDENT_DETAIL,
  collection: INCIDENT_DETAIL_COLLECTION,
  streamPrefixes: [INCIDENT_STREAM_PREFIX],
  handles: INCIDENT_CHANGE_TYPES,
  documentIds: (event) => [event.data.incidentId],
  evolve: evolveIncidentDetail,
};

export function evolveIncidentDetail(document: IncidentDetailDocument | null, event: IncidentFact): Detail | null {
  if (event.type === 'IncidentOpened') return opened(event);
  // Imported facts apply whatever came before, even after closing: the source did it (ADR 17).
  if (event.type === 'IncidentVersionImported') return importedVersion(document, event);
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
    number: data.number ?? null,
    title: data.title,
    description: data.description,
    caller: data.caller,
    category: data.category,
    subcategory: data.subcategory ?? null,
    symptom: data.symptom ?? null,
    contactType: data.contactType ?? null,
    location: data.location ?? null,
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
    holdAwaiting: null,
    resolutionCode: null,
    resolutionNotes: null,
    cancellationReason: null,
    reassignmentCount: 0,
    reopenCount: 0,
    holdCount: 0,
    resolutionCount: 0,
    onHoldSince: null,
    totalHoldMs: 0,
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
    resolvedBy: null,
    closedAt: null,
    closedBy: null,
    cancelledAt: null,
    cancelledBy: null,
    revision: event.revision,
    source: null,
    workarounds: [],
    resolvedWithParent: null,
    majorStatus: null,
    majorReason: null,
    majorSince: null,
    childIds: [],
    parentId: null,
    review: null,
  };
}

/** The incident as the imported version reads it, with holds and resolutions counted and timed as the status enters and leaves them. */
function importedVersion(document: IncidentDetailDocument | null, event: Extract<IncidentFact, { type: 'IncidentVersionImported' }>): Detail | null {
  const { reading, source, incidentId } = event.data;
  const { occurredAt: at, actor } = event.metadata;
  // A number another incident holds is the source's only: this one is found by id.
  const number = event.data.holdsNumber ? event.data.number : null;
  if (source.arrivedLate) {
    // An older version, late: it completes the history (and fills a gap) and changes nothing else.
    if (document === null || document.source === null) return document;
    const versions = { versionsImported: document.source.versionsImported + 1, versionsMissing: document.source.versionsMissing - (source.fillsGap ? 1 : 0) };
    return { ...document, revision: event.revision, source: { ...document.source, ...versions } };
  }
  const before: Detail = document ?? { ...opened({ ...event, type: 'IncidentOpened', data: { incidentId, number, ...reading.details, caller: reading.caller, impact: reading.impact, urgency: reading.urgency, priority: reading.priority, priorityMatrixVersion: reading.priorityMatrixVersion, assignmentGroup: null } }), status: 'new', openedAt: reading.openedAt ?? at, openedBy: reading.openedBy === null ? actor : `${source.system}:${reading.openedBy}` };
  const entered = (status: IncidentDetailStatus) => reading.status === status && (document === null || before.status !== status);
  const left = (status: IncidentDetailStatus) => document !== null && before.status === status && reading.status !== status;
  const held = left('on_hold') ? offHold(before, at) : before;
  const resolved = entered('resolved')
    ? { resolutionCount: before.resolutionCount + 1, resolvedAt: at, resolvedBy: actor }
    : reading.status === 'resolved' || reading.status === 'closed'
      ? {}
      : { resolvedAt: null, resolvedBy: null };
  return {
    ...held,
    ...resolved,
    ...reading.details,
    number,
    caller: reading.caller,
    impact: reading.impact,
    urgency: reading.urgency,
    priority: reading.priority,
    priorityMatrixVersion: reading.priorityMatrixVersion,
    assignmentGroup: reading.assignmentGroup,
    assignee: reading.assignee,
    status: reading.status,
    holdReason: reading.holdReason,
    holdAwaiting: reading.awaiting,
    ...(entered('on_hold') && { holdCount: before.holdCount + 1, onHoldSince: at, holdNote: null }),
    reassignmentCount: reading.reassignmentCount,
    reopenCount: reading.reopenCount,
    ...(entered('closed') && { closedAt: at, closedBy: actor }),
    ...(entered('cancelled') && { cancelledAt: at, cancelledBy: actor }),
    updatedAt: at,
    updatedBy: actor,
    revision: event.revision,
    source: {
      system: source.system,
      instance: source.instance,
      number: event.data.number,
      state: reading.sourceState,
      assignee: reading.assignee,
      versionsImported: (document?.source?.versionsImported ?? 0) + 1,
      versionsMissing: (document?.source?.versionsMissing ?? 0) + source.missingVersionsBefore.length,
      fields: reading.sourceFields,
    },
  };
}

function applyFact(detail: Detail, event: LaterFact): Detail {
  const { occurredAt: at, actor } = event.metadata;
  switch (event.type) {
    case 'IncidentEdited': {
      // Each changed detail takes its new value; the history shows the old beside it.
      const edited = Object.fromEntries(Object.entries(event.data.changes).map(([field, change]) => [field, change?.to ?? null]));
      return { ...detail, ...edited };
    }
    case 'IncidentReclassified': {
      const { impact, urgency, priority, priorityMatrixVersion } = event.data;
      return { ...detail, impact, urgency, priority, priorityMatrixVersion };
    }
    case 'IncidentAssigned':
      return assignedTo(detail, event.data);
    case 'IncidentReassigned':
      return { ...assignedTo(detail, event.data), reassignmentCount: event.data.reassignmentCount };
    case 'IncidentWorkStarted':
      return detail.status === 'new' ? { ...detail, status: 'in_progress' } : detail;
    // The notes themselves are their own read model (incident-notes): only bounded facts stay here.
    case 'IncidentWorkNoteAdded':
      return { ...detail, workNoteCount: detail.workNoteCount + 1, lastWorkNoteAt: at, lastWorkNoteBy: actor };
    case 'IncidentCommentAdded':
      return { ...detail, commentCount: detail.commentCount + 1, lastCommentAt: at, lastCommentBy: actor };
    case 'IncidentPutOnHold': {
      // Events recorded before schema version 2 carry no number: counting gives the decider's.
      const holdCount = event.data.holdNumber ?? detail.holdCount + 1;
      const holdAwaiting = event.data.awaiting ?? null;
      return { ...detail, status: 'on_hold', holdReason: event.data.reason, holdNote: event.data.note, holdAwaiting, holdCount, onHoldSince: at };
    }
    case 'IncidentResumed':
      return { ...offHold(detail, at), status: event.data.resumesTo ?? 'in_progress' };
    case 'IncidentResolved': {
      const { resolutionCode, resolutionNotes } = event.data;
      const resolutionCount = event.data.resolutionNumber ?? detail.resolutionCount + 1;
      return { ...offHold(detail, at), status: 'resolved', resolutionCode, resolutionNotes, resolutionCount, resolvedAt: at, resolvedBy: actor, resolvedWithParent: event.data.byParent ?? null };
    }
    case 'IncidentReopened': {
      // The resolution did not hold: it is no longer the incident's resolution (incident-lifecycle keeps it).
      const cleared = { resolutionCode: null, resolutionNotes: null, resolvedAt: null, resolvedBy: null, resolvedWithParent: null };
      return { ...detail, ...cleared, status: 'in_progress', reopenCount: event.data.reopenCount };
    }
    case 'IncidentClosed':
      return { ...detail, status: 'closed', closedAt: at, closedBy: actor };
    case 'IncidentCancelled':
      return { ...offHold(detail, at), status: 'cancelled', cancellationReason: event.data.reason, cancelledAt: at, cancelledBy: actor };
    case 'MajorIncidentProposed':
      return { ...detail, majorStatus: 'proposed', majorReason: event.data.reason, majorSince: at };
    case 'MajorIncidentAccepted':
      return { ...detail, majorStatus: 'accepted', majorReason: event.data.reason, majorSince: at };
    case 'MajorIncidentDeclined':
      return { ...detail, majorStatus: null, majorReason: null, majorSince: null };
    case 'IncidentChildAttached':
      return { ...detail, childIds: [...detail.childIds, event.data.childId].sort() };
    case 'IncidentChildDetached':
      return { ...detail, childIds: detail.childIds.filter((id) => id !== event.data.childId) };
    case 'IncidentAttachedToParent':
      return { ...detail, parentId: event.data.parentId };
    case 'IncidentDetachedFromParent':
      return detail.parentId === event.data.parentId ? { ...detail, parentId: null } : detail;
    case 'IncidentWorkaroundWithdrawn':
      return { ...detail, workarounds: detail.workarounds.filter((known) => known.problemId !== event.data.problemId) };
    case 'MajorIncidentReviewRecorded': {
      const { whatHappened, timeline, actions, problemId } = event.data;
      return { ...detail, review: { whatHappened, timeline, actions, problemId, recordedAt: at, recordedBy: actor } };
    }
    case 'IncidentWorkaroundPublished': {
      // One per problem: a newer workaround of the same problem takes the place of the older.
      const { problemId, problemNumber, workaround } = event.data;
      const others = detail.workarounds.filter((known) => known.problemId !== problemId);
      return { ...detail, workarounds: [...others, { problemId, problemNumber, workaround, publishedAt: at }] };
    }
    default:
      return assertNever(event);
  }
}

/** As the fact says: only assignments recorded before schema version 5 started the work, and say so when read (ADR 21). */
function assignedTo(detail: Detail, data: { readonly assignmentGroup: string; readonly assignee: string | null; readonly startedWork: boolean }): Detail {
  const status = detail.status === 'new' && data.startedWork ? 'in_progress' : detail.status;
  return { ...detail, assignmentGroup: data.assignmentGroup, assignee: data.assignee, status };
}

/** Ends the current hold, if one runs (resumed, or resolved or cancelled while on hold), adding its length. */
function offHold(detail: Detail, at: string): Detail {
  const held = detail.onHoldSince === null ? 0 : Date.parse(at) - Date.parse(detail.onHoldSince);
  return { ...detail, holdReason: null, holdNote: null, holdAwaiting: null, onHoldSince: null, totalHoldMs: detail.totalHoldMs + held };
}

function isTerminal(status: IncidentDetailStatus): boolean {
  return status === 'closed' || status === 'cancelled';
}
