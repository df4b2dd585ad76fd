import type { AwaitedReference, HoldReason, Impact, Priority, ResolutionCode, Urgency } from '@itsm/domain';
import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import { projectionKey } from '../shared/projection-key';

// Version 2: work notes and comments moved out to their own paged read model (incident-notes).
// Version 3: who resolved, closed and cancelled it; hold and resolution counts, the current hold's
// start and the time spent on finished holds (each hold and resolution is paged from incident-lifecycle).
// Version 6: the incident's number; imported versions (IncidentVersionImported) and the source section.
// Version 7: the workarounds its problems published (IncidentWorkaroundPublished); major incidents,
// parents and children, reviews.
// Version 8: a child names its parent (IncidentAttachedToParent); a workaround withdrawn leaves it.
export const INCIDENT_DETAIL = { name: 'incident_detail', version: 8 } as const;
export const INCIDENT_DETAIL_KEY = projectionKey(INCIDENT_DETAIL);

export const INCIDENT_STATUSES = ['new', 'in_progress', 'on_hold', 'resolved', 'closed', 'cancelled'] as const;
export type IncidentDetailStatus = (typeof INCIDENT_STATUSES)[number];

/**
 * The ticket page: everything known about one incident now. Flat with nulls rather than tagged by
 * status, because it is read and filtered, never decided on. Times are business times (the events'
 * `occurredAt`), actors the authenticated principals recorded in the events. It holds no list that
 * grows with the incident's life, so it stays small however busy the incident: the notes themselves
 * are paged from the incident-notes read model.
 */
export interface IncidentDetailDocument extends StoredDocument {
  /** The number people say (INC0010001); null for an incident opened before numbers were recorded. */
  readonly number: string | null;
  readonly title: string;
  readonly description: string;
  readonly caller: string;
  readonly category: string;
  readonly subcategory: string | null;
  readonly symptom: string | null;
  readonly contactType: string | null;
  readonly location: string | null;
  readonly impact: Impact;
  readonly urgency: Urgency;
  readonly priority: Priority;
  /** The priority matrix version that set the current priority (ISO/IEC 20000 evidence). */
  readonly priorityMatrixVersion: string;
  readonly configurationItemId: string | null;
  readonly assignmentGroup: string | null;
  readonly assignee: string | null;
  readonly status: IncidentDetailStatus;
  readonly holdReason: HoldReason | null;
  readonly holdNote: string | null;
  /** What the current hold waits for, when it names it (a change, a problem, a vendor ticket). */
  readonly holdAwaiting: AwaitedReference | null;
  readonly resolutionCode: ResolutionCode | null;
  readonly resolutionNotes: string | null;
  readonly cancellationReason: string | null;
  readonly reassignmentCount: number;
  readonly reopenCount: number;
  /** Holds ever started; each is paged from the incident-lifecycle read model. */
  readonly holdCount: number;
  /** Resolutions ever recorded, the reopened ones included; each is paged from incident-lifecycle. */
  readonly resolutionCount: number;
  /** When the current hold started; null when not on hold. */
  readonly onHoldSince: string | null;
  /** The time spent on finished holds, in milliseconds of business time (the current hold is not in it). */
  readonly totalHoldMs: number;
  readonly workNoteCount: number;
  readonly commentCount: number;
  /** When and by whom the latest internal work note was written, null before the first. */
  readonly lastWorkNoteAt: string | null;
  readonly lastWorkNoteBy: string | null;
  /** When and by whom the latest customer-visible comment was written, null before the first. */
  readonly lastCommentAt: string | null;
  readonly lastCommentBy: string | null;
  readonly openedAt: string;
  readonly openedBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** The standing resolution's time and author; null again when it is reopened. */
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
  readonly closedAt: string | null;
  readonly closedBy: string | null;
  readonly cancelledAt: string | null;
  readonly cancelledBy: string | null;
  /** Stream revision of the last event applied: what a client sends back as the expected revision. */
  readonly revision: number;
  /** For an incident imported from another tool: where from, and what its last version said that our fields do not hold. */
  readonly source: ImportedSourceView | null;
  /** The workarounds of the problems that cause it, one per problem, as each was last published to it. */
  readonly workarounds: readonly WorkaroundView[];
  /** The parent whose resolution resolved it, when one did. */
  readonly resolvedWithParent: { readonly incidentId: string; readonly number: string | null } | null;
  /** Proposed or accepted as a major incident, why and since when; null otherwise (or declined). */
  readonly majorStatus: 'proposed' | 'accepted' | null;
  readonly majorReason: string | null;
  readonly majorSince: string | null;
  /** Its children, when it is a parent. */
  readonly childIds: readonly string[];
  /**
   * Its parent, when it is a child. Attachments recorded before incident schema version 8 were facts
   * of the parent's stream only: such a child's document names no parent.
   */
  readonly parentId: string | null;
  /** A major incident's review: what happened, the timeline, the actions, the problem that follows it. */
  readonly review: MajorIncidentReview | null;
}

export interface MajorIncidentReview {
  readonly whatHappened: string;
  readonly timeline: string;
  readonly actions: string;
  readonly problemId: string | null;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface WorkaroundView {
  readonly problemId: string;
  readonly problemNumber: string | null;
  readonly workaround: string;
  readonly publishedAt: string;
}

export interface ImportedSourceView {
  readonly system: string;
  readonly instance: string;
  /** The number in the source: also the incident's own unless another incident held it first. */
  readonly number: string;
  /** The source's own name for the state (`Awaiting User Info`). */
  readonly state: string;
  /** The source's assignee, kept when it has no group (our assignment then reads as none). */
  readonly assignee: string | null;
  readonly versionsImported: number;
  /** Versions the export did not hold (gaps in the source's version numbers). */
  readonly versionsMissing: number;
  /** The columns our model has no field for, as the last version wrote them (made_sla, knowledge, …). */
  readonly fields: Readonly<Record<string, string | null>>;
}

/** Served by listIncidents: each filter combination, then priority and age (the store appends id). */
export const INCIDENT_DETAIL_COLLECTION: CollectionDefinition = {
  name: INCIDENT_DETAIL_KEY,
  indexes: [
    { fields: ['priority', 'openedAt'] },
    { fields: ['status', 'priority', 'openedAt'] },
    { fields: ['assignmentGroup', 'priority', 'openedAt'] },
    { fields: ['status', 'assignmentGroup', 'priority', 'openedAt'] },
    { fields: ['assignee', 'priority', 'openedAt'] },
    { fields: ['category', 'priority', 'openedAt'] },
    { fields: ['number'] },
    // Incidents opened in a window: the trend query's clusters (problem candidates).
    { fields: ['openedAt'] },
    // The major incident board.
    { fields: ['majorStatus', 'openedAt'] },
  ],
};
