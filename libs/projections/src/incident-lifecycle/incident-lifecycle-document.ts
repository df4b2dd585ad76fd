import type { HoldReason, ResolutionCode, AwaitedReference } from '@itsm/domain';
import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import { projectionKey } from '../shared/projection-key';

// Version 3: holds and resolutions of imported versions; startSeen.
export const INCIDENT_LIFECYCLE = { name: 'incident_lifecycle', version: 3 } as const;
export const INCIDENT_LIFECYCLE_KEY = projectionKey(INCIDENT_LIFECYCLE);

export const INCIDENT_LIFECYCLE_KINDS = ['hold', 'resolution'] as const;
export type IncidentLifecycleKind = (typeof INCIDENT_LIFECYCLE_KINDS)[number];

/** What ended a hold: the incident resumed, or was resolved or cancelled while on hold. */
export const HOLD_ENDINGS = ['resumed', 'resolved', 'cancelled'] as const;
export type HoldEnding = (typeof HOLD_ENDINGS)[number];

/** What became of a resolution: it did not hold (reopened) or it held (closed). */
export const RESOLUTION_OUTCOMES = ['reopened', 'closed'] as const;
export type ResolutionOutcome = (typeof RESOLUTION_OUTCOMES)[number];

/**
 * One hold or one resolution of an incident. Both grow with the incident's life without bound, so each
 * is its own document, written when it starts and completed once when it ends, and paged by the
 * incident (ADR 13); the ticket document keeps only counts. Times are business times (`occurredAt`),
 * actors the authenticated principals recorded in the events.
 */
interface LifecycleEntry extends StoredDocument {
  readonly incidentId: string;
  readonly kind: IncidentLifecycleKind;
  /** 1 for the incident's first hold (or resolution), and so on: what the events that end it name. */
  readonly number: number;
  /** The incident stream revision that started it: its place in the incident's history. */
  readonly revision: number;
  /** The log position that started it. */
  readonly position: string;
}

export interface IncidentHoldDocument extends LifecycleEntry {
  readonly kind: 'hold';
  readonly reason: HoldReason;
  readonly note: string | null;
  /** What it waited for, when it named it; null on holds recorded before holds could. */
  readonly awaiting: AwaitedReference | null;
  readonly startedAt: string;
  readonly startedBy: string;
  /**
   * False for an imported incident whose first exported version was already on hold: when the hold
   * began is not known, and startedAt is that version's time.
   */
  readonly startSeen: boolean;
  /** Null while the hold runs. */
  readonly endedAt: string | null;
  readonly endedBy: string | null;
  readonly endedWith: HoldEnding | null;
  readonly durationMs: number | null;
}

export interface IncidentResolutionDocument extends LifecycleEntry {
  readonly kind: 'resolution';
  /** Null for an imported resolution: the source's close code is kept as written, not mapped to ours. */
  readonly resolutionCode: ResolutionCode | null;
  readonly resolutionNotes: string;
  /** The source's close code as written, for an imported resolution. */
  readonly sourceCloseCode?: string | null;
  readonly resolvedAt: string;
  readonly resolvedBy: string;
  /** Null while it stands (resolved, awaiting closure). */
  readonly outcome: ResolutionOutcome | null;
  readonly reopenedAt: string | null;
  readonly reopenedBy: string | null;
  readonly reopenReason: string | null;
  readonly closedAt: string | null;
  readonly closedBy: string | null;
}

export type IncidentLifecycleDocument = IncidentHoldDocument | IncidentResolutionDocument;

/** One incident's entries of one kind, by revision either way (the store appends id). */
export const INCIDENT_LIFECYCLE_COLLECTION: CollectionDefinition = {
  name: INCIDENT_LIFECYCLE_KEY,
  indexes: [{ fields: ['incidentId', 'kind', 'revision'] }],
};

/** The number is what every event about the entry carries, so each finds the same document. */
export function incidentLifecycleEntryId(incidentId: string, kind: IncidentLifecycleKind, number: number): string {
  return `${incidentId}:${kind}:${number}`;
}
