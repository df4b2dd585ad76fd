import { INCIDENT_STREAM_PREFIX, assertNever, type IncidentEvent } from '@itsm/domain';
import type { DomainRecordedEvent, Projection } from '../projection';
import {
  INCIDENT_LIFECYCLE,
  INCIDENT_LIFECYCLE_COLLECTION,
  incidentLifecycleEntryId,
  type HoldEnding,
  type IncidentHoldDocument,
  type IncidentLifecycleDocument,
  type IncidentResolutionDocument,
  type ResolutionOutcome,
} from './incident-lifecycle-document';

type IncidentFact = DomainRecordedEvent<IncidentEvent>;
type FactOf<T extends IncidentEvent['type']> = Extract<IncidentFact, { type: T }>;
type Hold = Omit<IncidentHoldDocument, '_position'>;
type Resolution = Omit<IncidentResolutionDocument, '_position'>;
type Entry = Hold | Resolution;

export const incidentLifecycleProjection: Projection<IncidentEvent, IncidentLifecycleDocument> = {
  ...INCIDENT_LIFECYCLE,
  collection: INCIDENT_LIFECYCLE_COLLECTION,
  streamPrefixes: [INCIDENT_STREAM_PREFIX],
  handles: ['IncidentPutOnHold', 'IncidentResumed', 'IncidentResolved', 'IncidentReopened', 'IncidentClosed', 'IncidentCancelled', 'IncidentVersionImported'],
  documentIds: (event) => [...holdIds(event), ...resolutionIds(event)],
  evolve: evolveIncidentLifecycleEntry,
};

/*
 * Events recorded before schema version 2 carry no numbers, and an entry cannot be found without
 * one: they touch no document here (the incident detail still counts and times them). An ending
 * that names an entry whose start carried no number finds no document, and makes none.
 */

function holdIds(event: IncidentFact): string[] {
  const { incidentId } = event.data;
  const number = 'holdNumber' in event.data ? event.data.holdNumber : undefined;
  return typeof number === 'number' ? [incidentLifecycleEntryId(incidentId, 'hold', number)] : [];
}

function resolutionIds(event: IncidentFact): string[] {
  const { incidentId } = event.data;
  const number = 'resolutionNumber' in event.data ? event.data.resolutionNumber : undefined;
  return typeof number === 'number' ? [incidentLifecycleEntryId(incidentId, 'resolution', number)] : [];
}

/** Written when the hold or resolution starts, completed once when it ends; a recorded end is kept. */
export function evolveIncidentLifecycleEntry(entry: IncidentLifecycleDocument | null, event: IncidentFact, documentId: string): Entry | null {
  switch (event.type) {
    case 'IncidentPutOnHold':
      return entry ?? holdStarted(event, documentId);
    case 'IncidentResumed':
      return holdEnded(entry, event, 'resumed');
    case 'IncidentResolved':
      // One event, two entries: the resolution it records, and the hold it ends when one ran.
      return resolutionIds(event).includes(documentId) ? (entry ?? resolutionRecorded(event, documentId)) : holdEnded(entry, event, 'resolved');
    case 'IncidentCancelled':
      return holdEnded(entry, event, 'cancelled');
    case 'IncidentReopened': {
      const { occurredAt: reopenedAt, actor: reopenedBy } = event.metadata;
      return resolutionEnded(entry, 'reopened', { reopenedAt, reopenedBy, reopenReason: event.data.reason });
    }
    case 'IncidentClosed':
      return resolutionEnded(entry, 'closed', { closedAt: event.metadata.occurredAt, closedBy: event.metadata.actor });
    case 'IncidentVersionImported':
      return documentId.includes(':hold:') ? importedHold(entry, event, documentId) : importedResolution(entry, event, documentId);
    case 'IncidentOpened':
    case 'IncidentEdited':
    case 'IncidentWorkStarted':
    case 'IncidentReclassified':
    case 'IncidentAssigned':
    case 'IncidentReassigned':
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
    case 'SlaStarted':
    case 'SlaAtRisk':
    case 'SlaBreached':
      return entry;
    default:
      return assertNever(event);
  }
}

function holdStarted(event: FactOf<'IncidentPutOnHold'>, id: string): Hold {
  const { incidentId, reason, note } = event.data;
  return {
    id, incidentId, kind: 'hold', number: numberOf(id), revision: event.revision, position: event.position,
    reason, note, awaiting: event.data.awaiting ?? null, startedAt: event.metadata.occurredAt, startedBy: event.metadata.actor, startSeen: true,
    endedAt: null, endedBy: null, endedWith: null, durationMs: null,
  };
}

/**
 * An imported version names the latest hold: it starts it (the version is on hold and the hold has
 * no document yet), or ends it (the version is not on hold), by the status it reads as.
 */
function importedHold(entry: IncidentLifecycleDocument | null, event: FactOf<'IncidentVersionImported'>, id: string): Entry | null {
  const { incidentId, reading } = event.data;
  if (reading.status === 'on_hold') {
    if (entry !== null) return entry;
    const { occurredAt: startedAt, actor: startedBy } = event.metadata;
    const reason = reading.holdReason ?? 'awaiting_caller';
    return {
      id, incidentId, kind: 'hold', number: numberOf(id), revision: event.revision, position: event.position,
      reason, note: null, awaiting: reading.awaiting, startedAt, startedBy, startSeen: event.revision > 0,
      endedAt: null, endedBy: null, endedWith: null, durationMs: null,
    };
  }
  const endedWith: HoldEnding = reading.status === 'resolved' || reading.status === 'closed' ? 'resolved' : reading.status === 'cancelled' ? 'cancelled' : 'resumed';
  return holdEnded(entry, event, endedWith);
}

/** Likewise the latest resolution: started by a resolved version, ended by a reopened (not resolved) or closed one. */
function importedResolution(entry: IncidentLifecycleDocument | null, event: FactOf<'IncidentVersionImported'>, id: string): Entry | null {
  const { incidentId, reading } = event.data;
  const { occurredAt: at, actor } = event.metadata;
  if (reading.status === 'resolved') {
    if (entry !== null) return entry;
    return {
      id, incidentId, kind: 'resolution', number: numberOf(id), revision: event.revision, position: event.position,
      resolutionCode: null, resolutionNotes: '', sourceCloseCode: reading.sourceFields['closed_code'] ?? null, resolvedAt: at, resolvedBy: actor,
      outcome: null, reopenedAt: null, reopenedBy: null, reopenReason: null, closedAt: null, closedBy: null,
    };
  }
  if (reading.status === 'closed') return resolutionEnded(entry, 'closed', { closedAt: at, closedBy: actor });
  if (reading.status === 'cancelled') return entry;
  return resolutionEnded(entry, 'reopened', { reopenedAt: at, reopenedBy: actor, reopenReason: null });
}

function holdEnded(entry: IncidentLifecycleDocument | null, event: IncidentFact, endedWith: HoldEnding): Entry | null {
  if (entry === null || entry.kind !== 'hold' || entry.endedWith !== null) return entry;
  const { occurredAt: endedAt, actor: endedBy } = event.metadata;
  return { ...entry, endedAt, endedBy, endedWith, durationMs: Date.parse(endedAt) - Date.parse(entry.startedAt) };
}

function resolutionRecorded(event: FactOf<'IncidentResolved'>, id: string): Resolution {
  const { incidentId, resolutionCode, resolutionNotes } = event.data;
  return {
    id, incidentId, kind: 'resolution', number: numberOf(id), revision: event.revision, position: event.position,
    resolutionCode, resolutionNotes, resolvedAt: event.metadata.occurredAt, resolvedBy: event.metadata.actor,
    outcome: null, reopenedAt: null, reopenedBy: null, reopenReason: null, closedAt: null, closedBy: null,
  };
}

function resolutionEnded(
  entry: IncidentLifecycleDocument | null,
  outcome: ResolutionOutcome,
  how: Partial<Pick<Resolution, 'reopenedAt' | 'reopenedBy' | 'reopenReason' | 'closedAt' | 'closedBy'>>,
): Entry | null {
  if (entry === null || entry.kind !== 'resolution' || entry.outcome !== null) return entry;
  return { ...entry, ...how, outcome };
}

/** The number the event named, from the id documentIds made of it (only a numbered event has one). */
function numberOf(id: string): number {
  return Number(id.slice(id.lastIndexOf(':') + 1));
}
