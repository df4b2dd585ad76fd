import type { Impact, Priority, Urgency } from './priority-matrix';
import type { HoldReason } from './hold-reasons';
import type { SlaEvent } from '../sla/sla-events';

export { HOLD_REASONS, type HoldReason } from './hold-reasons';

/** What a hold may name that it waits for: a change (id or number), a problem, a vendor's ticket. */
export const AWAITED_KINDS = ['change', 'problem', 'vendor_ticket'] as const;
export type AwaitedKind = (typeof AWAITED_KINDS)[number];
export interface AwaitedReference {
  readonly kind: AwaitedKind;
  /** As the other side knows it: CHG0030012, a problem's id, the vendor's case number. */
  readonly reference: string;
}
/** The one kind of thing each hold reason may name; the other reasons (the caller, evidence) name nothing. */
export const AWAITED_KIND_OF: Readonly<Partial<Record<HoldReason, AwaitedKind>>> = {
  awaiting_change: 'change',
  awaiting_problem: 'problem',
  awaiting_vendor: 'vendor_ticket',
};

/** ServiceNow's resolution ("close") codes. */
export const RESOLUTION_CODES = [
  'solved_permanently',
  'solved_workaround',
  'solved_remotely',
  'not_solved_not_reproducible',
  'not_solved_too_costly',
  'closed_by_caller',
  'duplicate',
] as const;
export type ResolutionCode = (typeof RESOLUTION_CODES)[number];

export const incidentStream = (incidentId: string): string => `incident-${incidentId}`;
export const INCIDENT_STREAM_PREFIX = 'incident-';

type Event<Type extends string, Data> = { readonly type: Type; readonly data: Readonly<Data> };

/**
 * What people describe an incident by, editable after opening. Title, description and category are
 * required; the others may be empty (null). The CI must be registered and live when named.
 */
export interface IncidentDetails {
  readonly title: string;
  readonly description: string;
  readonly category: string;
  readonly subcategory: string | null;
  readonly symptom: string | null;
  /** How the caller reached us: phone, email, self-service, walk-in, … as the service desk names it. */
  readonly contactType: string | null;
  readonly location: string | null;
  readonly configurationItemId: string | null;
}
export const INCIDENT_DETAIL_FIELDS = ['title', 'description', 'category', 'subcategory', 'symptom', 'contactType', 'location', 'configurationItemId'] as const;
export type IncidentDetailField = (typeof INCIDENT_DETAIL_FIELDS)[number];
export const REQUIRED_INCIDENT_DETAILS: readonly IncidentDetailField[] = ['title', 'description', 'category'];

export type IncidentOpened = Event<'IncidentOpened', {
  incidentId: string;
  title: string;
  description: string;
  caller: string;
  category: string;
  impact: Impact;
  urgency: Urgency;
  priority: Priority;
  priorityMatrixVersion: string;
  configurationItemId: string | null;
  assignmentGroup: string | null;
  /** Absent on events recorded before schema version 4: read as null. */
  subcategory?: string | null;
  symptom?: string | null;
  contactType?: string | null;
  location?: string | null;
  /** The number people say (INC0010001), taken before the incident was opened; absent before schema version 6. */
  number?: string | null;
}>;

/** Details edited after opening: each field changed, with its value before and after. */
export type IncidentEdited = Event<'IncidentEdited', {
  incidentId: string;
  changes: Partial<Record<IncidentDetailField, { readonly from: string | null; readonly to: string | null }>>;
}>;

export type IncidentReclassified = Event<'IncidentReclassified', {
  incidentId: string;
  impact: Impact;
  urgency: Urgency;
  priority: Priority;
  priorityMatrixVersion: string;
  previousPriority: Priority;
  reason: string;
}>;

/**
 * Whether this assignment started the work on a new incident (schema version 9; read so from every
 * older event, see incident-upcasters.ts). Only those recorded before schema version 5 did, by
 * naming an assignee; since, state and assignment are independent, as in ServiceNow: an assignment
 * never moves the state (false), and IncidentWorkStarted does.
 */
type StartedWork = { startedWork: boolean };

/** First assignment, or filling in what was empty (an assignee within the group): not a reassignment. */
export type IncidentAssigned = Event<'IncidentAssigned', {
  incidentId: string;
  assignmentGroup: string;
  assignee: string | null;
} & StartedWork>;

/** Someone has started working a new incident: it is in progress. */
export type IncidentWorkStarted = Event<'IncidentWorkStarted', { incidentId: string }>;

/** The group or assignee changed from a set value; counted, with the reason. */
export type IncidentReassigned = Event<'IncidentReassigned', {
  incidentId: string;
  assignmentGroup: string;
  assignee: string | null;
  previousAssignmentGroup: string;
  previousAssignee: string | null;
  reason: string;
  reassignmentCount: number;
} & StartedWork>;

/** Internal note for the resolvers; not shown to the caller. */
export type IncidentWorkNoteAdded = Event<'IncidentWorkNoteAdded', { incidentId: string; text: string }>;
/** Customer-visible comment. */
export type IncidentCommentAdded = Event<'IncidentCommentAdded', { incidentId: string; text: string }>;

/*
 * Holds and resolutions are numbered per incident, from 1, so that each is kept as its own entry
 * (an auditor asks for every hold and every resolution, not the latest) and an event that ends one
 * names it. The numbers came with schema version 2: events recorded before lack them (`?`), and a
 * fold numbers those by counting. `holdNumber: null` on a resolution or cancellation says no hold
 * was running; absent says the event predates the numbers.
 */

export type IncidentPutOnHold = Event<'IncidentPutOnHold', {
  incidentId: string;
  reason: HoldReason;
  note: string | null;
  holdNumber?: number;
  /** What it waits for, when named; absent on events recorded before schema version 3. */
  awaiting?: AwaitedReference | null;
}>;
/**
 * Ends the hold it names, back to the state the hold began in: new when the work had not started
 * (`resumesTo`, since schema version 5; absent before, when a resumed incident was in progress).
 */
export type IncidentResumed = Event<'IncidentResumed', {
  incidentId: string;
  holdNumber?: number;
  resumesTo?: 'new' | 'in_progress';
  /** Why, when no person resumed it: the problem it awaited was resolved (schema version 7), or unlinked from it or cancelled (8). */
  cause?: { readonly kind: 'problem_resolved' | 'problem_unlinked' | 'problem_cancelled'; readonly problemId: string; readonly problemNumber: string | null };
}>;

/** Resolving an incident on hold ends that hold too (`holdNumber`). */
export type IncidentResolved = Event<'IncidentResolved', {
  incidentId: string;
  resolutionCode: ResolutionCode;
  resolutionNotes: string;
  resolutionNumber?: number;
  holdNumber?: number | null;
  /** A child resolved with its parent's resolution (schema version 7), by the projector's reaction. */
  byParent?: { readonly incidentId: string; readonly number: string | null };
}>;

/** Major incidents (issue 13): proposed by anyone working it, accepted or declined by a manager. */
export type MajorIncidentProposed = Event<'MajorIncidentProposed', { incidentId: string; reason: string }>;
export type MajorIncidentAccepted = Event<'MajorIncidentAccepted', { incidentId: string; reason: string }>;
export type MajorIncidentDeclined = Event<'MajorIncidentDeclined', { incidentId: string; reason: string }>;
/** A child incident attached to (detached from) this one, its parent: resolving the parent resolves the children. */
export type IncidentChildAttached = Event<'IncidentChildAttached', { incidentId: string; childId: string }>;
export type IncidentChildDetached = Event<'IncidentChildDetached', { incidentId: string; childId: string; reason: string }>;
/**
 * The child's side of an attachment, recorded on the child's stream before the parent's
 * IncidentChildAttached: the child's stream is where "one parent at most" is decided.
 */
export type IncidentAttachedToParent = Event<'IncidentAttachedToParent', { incidentId: string; parentId: string }>;
/** The child's side of a detachment; also what undoes a claim whose parent's append did not land. */
export type IncidentDetachedFromParent = Event<'IncidentDetachedFromParent', { incidentId: string; parentId: string; reason: string }>;
/** The review a major incident is closed only after: what happened, its timeline, the actions, and the problem that follows it. */
/** `previousProblemId` (schema version 8): a revised review names another problem than the one it named before, which no longer follows from it. */
export type MajorIncidentReviewRecorded = Event<'MajorIncidentReviewRecorded', { incidentId: string; whatHappened: string; timeline: string; actions: string; problemId: string | null; previousProblemId?: string }>;

/** The resolution named did not hold. */
export type IncidentReopened = Event<'IncidentReopened', {
  incidentId: string;
  reason: string;
  reopenCount: number;
  resolutionNumber?: number;
}>;
/** The resolution named held. */
export type IncidentClosed = Event<'IncidentClosed', { incidentId: string; resolutionNumber?: number }>;
/** Cancelling an incident on hold ends that hold too (`holdNumber`). */
export type IncidentCancelled = Event<'IncidentCancelled', { incidentId: string; reason: string; holdNumber?: number | null }>;

/** The status an imported version is read as: ours, whatever the source called it. */
export type ImportedStatus = 'new' | 'in_progress' | 'on_hold' | 'resolved' | 'closed' | 'cancelled';

/**
 * Our reading of one version of an incident in another tool: the whole incident as it stood then,
 * in our terms, so the fold needs no knowledge of the source's. `sourceFields` keeps, as the source
 * named them, the values our model has no field for (made_sla, knowledge, vendor, …).
 */
export interface ImportedIncidentReading {
  readonly status: ImportedStatus;
  /** The source's own name for the state (`Awaiting User Info`), shown beside ours. */
  readonly sourceState: string;
  readonly holdReason: HoldReason | null;
  readonly awaiting: AwaitedReference | null;
  readonly impact: Impact;
  readonly urgency: Urgency;
  readonly priority: Priority;
  /** The source instance's matrix, recorded as a version of its own: the priority is never recomputed. */
  readonly priorityMatrixVersion: string;
  readonly caller: string;
  /** Title and description are empty: the source export does not carry them, and none is made up. */
  readonly details: IncidentDetails;
  readonly assignmentGroup: string | null;
  /** As the source has it, also without a group (our assignment then reads as none; this keeps it). */
  readonly assignee: string | null;
  /** The source's own counters, as written: not recounted by our rules. */
  readonly reassignmentCount: number;
  readonly reopenCount: number;
  /** When and by whom the source says it was opened (converted; null when it does not say). */
  readonly openedAt: string | null;
  readonly openedBy: string | null;
  /** Columns our model has no field for, by the source's column names, as written (`?` read as null). */
  readonly sourceFields: Readonly<Record<string, string | null>>;
}

/** Where an imported version comes from: enough to find the row again and to tell a rerun from new data. */
export interface ImportedVersionSource {
  readonly system: string;
  readonly instance: string;
  readonly file: string;
  readonly fileSha256: string;
  /** 1-based, the header being row 0. */
  readonly row: number;
  readonly sysModCount: number;
  /** 0, or 1 for the second row of a (number, sys_mod_count) pair the export writes twice. */
  readonly occurrence: number;
  /** Who and when in the source, as written (the envelope carries them converted). */
  readonly updatedBy: string | null;
  readonly updatedAt: string;
  readonly timeZone: string;
  /** Who ran the import: the envelope's actor is the source's user. */
  readonly importedBy: string;
  /** Versions the export skips before this one (gaps in sys_mod_count): known missing, never invented. */
  readonly missingVersionsBefore: readonly number[];
  /**
   * A version older than one already imported (a row an earlier run could not read, brought by a
   * corrected file): it completes the history and changes nothing of the incident's state.
   */
  readonly arrivedLate: boolean;
  /** When late: the version had been recorded as missing, and no longer is. */
  readonly fillsGap: boolean;
}

/**
 * A problem's workaround told to an incident it causes (issue 13): recorded on the incident by the
 * projector's reaction when the workaround is recorded, or when the incident is linked later.
 */
export type IncidentWorkaroundPublished = Event<'IncidentWorkaroundPublished', { incidentId: string; problemId: string; problemNumber: string | null; workaround: string }>;
/** The incident was unlinked from the problem: its workaround no longer applies here. */
export type IncidentWorkaroundWithdrawn = Event<'IncidentWorkaroundWithdrawn', { incidentId: string; problemId: string; problemNumber: string | null; reason: string }>;

/** One row of another tool's history, recorded as the fact it is (ADR 17): never refused by our live rules. */
export type IncidentVersionImported = Event<'IncidentVersionImported', {
  incidentId: string;
  number: string;
  source: ImportedVersionSource;
  /** The row exactly as written, every column. */
  row: Readonly<Record<string, string>>;
  reading: ImportedIncidentReading;
  /**
   * Whether this incident holds its number (`GET /incidents/INC…` finds it): false when another
   * incident held it first (another instance's, or one opened here); the number is then the
   * source's only, and the incident is found by id.
   */
  holdsNumber: boolean;
  /**
   * The incident's latest hold and resolution as of this version, numbered as the decider's fold
   * numbers them (the version may start, continue or end them): what the holds and resolutions lists
   * find them by. Null before the first.
   */
  holdNumber: number | null;
  resolutionNumber: number | null;
}>;

export type IncidentEvent =
  | IncidentOpened
  | IncidentEdited
  | IncidentReclassified
  | IncidentAssigned
  | IncidentReassigned
  | IncidentWorkStarted
  | IncidentWorkNoteAdded
  | IncidentCommentAdded
  | IncidentPutOnHold
  | IncidentResumed
  | IncidentResolved
  | IncidentReopened
  | IncidentClosed
  | IncidentCancelled
  | IncidentVersionImported
  | IncidentWorkaroundPublished
  | IncidentWorkaroundWithdrawn
  | MajorIncidentProposed
  | MajorIncidentAccepted
  | MajorIncidentDeclined
  | IncidentChildAttached
  | IncidentChildDetached
  | IncidentAttachedToParent
  | IncidentDetachedFromParent
  | MajorIncidentReviewRecorded
  | SlaEvent;

export type IncidentEventType = IncidentEvent['type'];

/** The incident's own changes: every fact of its stream but the service-level facts measured beside it. */
export type IncidentChange = Exclude<IncidentEvent, SlaEvent>;

export const INCIDENT_EVENT_TYPES: readonly IncidentEventType[] = [
  'IncidentOpened',
  'IncidentEdited',
  'IncidentReclassified',
  'IncidentAssigned',
  'IncidentReassigned',
  'IncidentWorkStarted',
  'IncidentWorkNoteAdded',
  'IncidentCommentAdded',
  'IncidentPutOnHold',
  'IncidentResumed',
  'IncidentResolved',
  'IncidentReopened',
  'IncidentClosed',
  'IncidentCancelled',
  'IncidentVersionImported',
  'IncidentWorkaroundPublished',
  'IncidentWorkaroundWithdrawn',
  'MajorIncidentProposed',
  'MajorIncidentAccepted',
  'MajorIncidentDeclined',
  'IncidentChildAttached',
  'IncidentChildDetached',
  'IncidentAttachedToParent',
  'IncidentDetachedFromParent',
  'MajorIncidentReviewRecorded',
  'SlaStarted',
  'SlaAtRisk',
  'SlaBreached',
];
const SLA_FACTS: readonly IncidentEventType[] = ['SlaStarted', 'SlaAtRisk', 'SlaBreached'];
export const INCIDENT_CHANGE_TYPES = INCIDENT_EVENT_TYPES.filter((type) => !SLA_FACTS.includes(type)) as readonly IncidentChange['type'][];

/**
 * Bumped when the shape of an event's data changes; recorded in metadata.
 * 2: holds and resolutions numbered (holdNumber, resolutionNumber).
 * 3: a hold names what it awaits (awaiting), and may await evidence.
 * 4: subcategory, symptom, contactType and location on opening; details edited (IncidentEdited).
 * 5: state and assignment independent: assignments say startsWork false; IncidentWorkStarted;
 *    a resumed hold goes back to the state it began in (resumesTo).
 * 6: IncidentOpened carries the incident's number.
 * 7: IncidentResumed may name its cause (a problem resolved); IncidentResolved its parent;
 *    IncidentWorkaroundPublished; major incidents, children and reviews.
 * 8: a child records its parent (IncidentAttachedToParent, IncidentDetachedFromParent);
 *    IncidentWorkaroundWithdrawn; a revised review names the problem it no longer names.
 * 9: an assignment says whether it started the work (startedWork), where it said startsWork: false
 *    since 5 and nothing before; older events are read so by an upcaster (ADR 21).
 */
export const INCIDENT_EVENT_SCHEMA_VERSION = 9;

