import { assertNever } from '../shared/decider';
import { type AwaitedReference, type HoldReason, type ImportedIncidentReading, type IncidentDetails, type IncidentEdited, type IncidentEvent, type IncidentOpened } from './incident-events';
import type { Impact, Priority, Urgency } from './priority-matrix';

/** Who works the incident. An assignee always belongs to a group, so "assignee, no group" cannot be written. */
export type IncidentAssignment =
  | { readonly assignmentGroup: null; readonly assignee: null }
  | { readonly assignmentGroup: string; readonly assignee: string | null };

/** What the decisions on a live incident need, whatever its status. */
export interface IncidentFacts {
  readonly incidentId: string;
  readonly impact: Impact;
  readonly urgency: Urgency;
  readonly priority: Priority;
  readonly reassignmentCount: number;
  readonly reopenCount: number;
  /** What it is described by: an edit records each field's value before. */
  readonly details: IncidentDetails;
  /** Holds so far: the current hold, when on hold, is the last (its number is holdCount). */
  readonly holdCount: number;
  /** Resolutions so far: when resolved, the standing one is the last. */
  readonly resolutionCount: number;
  /** Its service levels have started (SlaStarted): otherwise an escalation into a measured priority starts them. */
  readonly slaStarted?: true;
  /** Proposed or accepted as a major incident (declined: absent again). */
  readonly major?: 'proposed' | 'accepted';
  /** Its major incident review, the last recorded. */
  readonly review?: MajorIncidentReview;
  /** Its child incidents, in id order (resolving it resolves them). */
  readonly childIds?: readonly string[];
  /** The parent it is attached to, as its own stream records it: one at most. */
  readonly parentId?: string;
  /** The problems whose workaround it was told and not since withdrawn, in id order. */
  readonly workaroundProblemIds?: readonly string[];
}

export interface MajorIncidentReview {
  readonly whatHappened: string;
  readonly timeline: string;
  readonly actions: string;
  readonly problemId: string | null;
}

export type UnopenedIncident = { readonly status: 'none' };
/** Nobody has started working it yet, though it may be assigned (state and assignment are independent). */
export type NewIncident = IncidentFacts & IncidentAssignment & { readonly status: 'new' };
export type InProgressIncident = IncidentFacts & IncidentAssignment & { readonly status: 'in_progress' };
export type OnHoldIncident = IncidentFacts &
  IncidentAssignment & {
    readonly status: 'on_hold';
    readonly holdReason: HoldReason;
    /** What resuming goes back to: the hold began before or after the work started. */
    readonly heldFrom: 'new' | 'in_progress';
    /** What it waits for, when named: a problem's resolution resumes an incident awaiting that problem. */
    readonly awaiting: AwaitedReference | null;
  };
export type ResolvedIncident = IncidentFacts & IncidentAssignment & { readonly status: 'resolved' };
/** Terminal: nothing more can be decided, so nothing more is kept (in particular, no assignee). */
export type ClosedIncident = { readonly status: 'closed'; readonly incidentId: string };
export type CancelledIncident = { readonly status: 'cancelled'; readonly incidentId: string };

export type IncidentState =
  | UnopenedIncident
  | NewIncident
  | InProgressIncident
  | OnHoldIncident
  | ResolvedIncident
  | ClosedIncident
  | CancelledIncident;

export type IncidentStatus = IncidentState['status'];
/** Opened and not terminal: the states commands other than Open can act on. */
export type LiveIncident = NewIncident | InProgressIncident | OnHoldIncident | ResolvedIncident;
/** Live and not yet resolved: the states where the incident is still being worked. */
export type UnresolvedIncident = NewIncident | InProgressIncident | OnHoldIncident;

export const initialIncidentState: IncidentState = { status: 'none' };

/** Folds one recorded fact. Never validates: a fact that cannot apply to the state leaves it unchanged. */
export function evolveIncident(state: IncidentState, event: IncidentEvent): IncidentState {
  switch (event.type) {
    case 'IncidentOpened':
      return opened(event.data);
    case 'IncidentEdited':
      return whenLive(state, (live) => ({ ...live, details: editedDetails(live.details, event.data.changes) }));
    case 'IncidentReclassified': {
      const { impact, urgency, priority } = event.data;
      return whenLive(state, (live) => ({ ...live, impact, urgency, priority }));
    }
    case 'IncidentAssigned':
      return whenLive(state, (live) =>
        withAssignment(live, event.data.assignmentGroup, event.data.assignee, live.reassignmentCount, event.data.startedWork),
      );
    case 'IncidentReassigned':
      return whenLive(state, (live) =>
        withAssignment(live, event.data.assignmentGroup, event.data.assignee, event.data.reassignmentCount, event.data.startedWork),
      );
    case 'IncidentWorkStarted':
      return whenLive(state, (live) => (live.status === 'new' ? { ...carried(live), status: 'in_progress' } : live));
    case 'IncidentWorkNoteAdded':
    case 'IncidentCommentAdded':
      return state;
    case 'IncidentWorkaroundPublished':
      return whenLive(state, (live) => ({ ...live, workaroundProblemIds: [...new Set([...(live.workaroundProblemIds ?? []), event.data.problemId])].sort() }));
    case 'IncidentWorkaroundWithdrawn':
      return whenLive(state, (live) => ({ ...live, workaroundProblemIds: (live.workaroundProblemIds ?? []).filter((id) => id !== event.data.problemId) }));
    case 'IncidentAttachedToParent':
      return whenLive(state, (live) => ({ ...live, parentId: event.data.parentId }));
    case 'IncidentDetachedFromParent':
      return whenLive(state, (live) => {
        if (live.parentId !== event.data.parentId) return live;
        const { parentId: _detached, ...rest } = live;
        return rest as LiveIncident;
      });
    case 'MajorIncidentProposed':
      return whenLive(state, (live) => ({ ...live, major: 'proposed' }));
    case 'MajorIncidentAccepted':
      return whenLive(state, (live) => ({ ...live, major: 'accepted' }));
    case 'MajorIncidentDeclined':
      return whenLive(state, (live) => {
        const { major: _declined, ...rest } = live;
        return rest as LiveIncident;
      });
    case 'IncidentChildAttached':
      return whenLive(state, (live) => ({ ...live, childIds: [...(live.childIds ?? []), event.data.childId].sort() }));
    case 'IncidentChildDetached':
      return whenLive(state, (live) => ({ ...live, childIds: (live.childIds ?? []).filter((id) => id !== event.data.childId) }));
    case 'MajorIncidentReviewRecorded':
      return whenLive(state, (live) => {
        const { whatHappened, timeline, actions, problemId } = event.data;
        return { ...live, review: { whatHappened, timeline, actions, problemId } };
      });
    case 'IncidentPutOnHold':
      // Events before schema version 2 carry no number: counting gives the one the decider would have.
      return whenLive(state, (live) => ({
        ...carried(live),
        holdCount: event.data.holdNumber ?? live.holdCount + 1,
        status: 'on_hold',
        holdReason: event.data.reason,
        heldFrom: live.status === 'new' ? 'new' : 'in_progress',
        awaiting: event.data.awaiting ?? null,
      }));
    case 'IncidentResumed':
      return whenLive(state, (live) => ({ ...carried(live), status: event.data.resumesTo ?? 'in_progress' }));
    case 'IncidentResolved':
      return whenLive(state, (live) => ({
        ...carried(live),
        resolutionCount: event.data.resolutionNumber ?? live.resolutionCount + 1,
        status: 'resolved',
      }));
    case 'IncidentReopened':
      return whenLive(state, (live) => ({
        ...carried(live),
        status: 'in_progress',
        reopenCount: event.data.reopenCount,
      }));
    case 'IncidentClosed':
      return { status: 'closed', incidentId: event.data.incidentId };
    case 'IncidentCancelled':
      return { status: 'cancelled', incidentId: event.data.incidentId };
    case 'IncidentVersionImported':
      // A version that arrived late completes the history; the incident is as the later ones say.
      return event.data.source.arrivedLate ? state : imported(state, event.data.incidentId, event.data.reading);
    case 'SlaStarted':
      return whenLive(state, (live) => ({ ...live, slaStarted: true }));
    case 'SlaAtRisk':
    case 'SlaBreached':
      // Service-level facts: measured beside the incident (sla/incident-sla.ts), they change nothing of it.
      return state;
    default:
      return assertNever(event);
  }
}

export function isLiveIncident(state: IncidentState): state is LiveIncident {
  return state.status !== 'none' && state.status !== 'closed' && state.status !== 'cancelled';
}

function opened(data: IncidentOpened['data']): NewIncident {
  const { incidentId, impact, urgency, priority, assignmentGroup } = data;
  const facts = { incidentId, impact, urgency, priority, reassignmentCount: 0, reopenCount: 0, holdCount: 0, resolutionCount: 0, details: openedDetails(data) };
  return { ...facts, status: 'new', assignmentGroup, assignee: null };
}

/**
 * An imported version is the incident as it then stood: its reading replaces the state, whatever the
 * state was (imported facts are never refused, ADR 17). Holds and resolutions are counted as the
 * status enters them; an incident first seen on hold or resolved began one before the history.
 */
function imported(state: IncidentState, incidentId: string, reading: ImportedIncidentReading): IncidentState {
  const { status, impact, urgency, priority, reassignmentCount, reopenCount, details } = reading;
  if (status === 'closed' || status === 'cancelled') return { status, incidentId };
  const before = isLiveIncident(state) ? state : null;
  const entered = (into: IncidentStatus) => status === into && before?.status !== into;
  const holdCount = (before?.holdCount ?? 0) + (entered('on_hold') ? 1 : 0);
  const resolutionCount = (before?.resolutionCount ?? 0) + (entered('resolved') ? 1 : 0);
  const assignment: IncidentAssignment =
    reading.assignmentGroup === null ? { assignmentGroup: null, assignee: null } : { assignmentGroup: reading.assignmentGroup, assignee: reading.assignee };
  const facts = { incidentId, impact, urgency, priority, reassignmentCount, reopenCount, details, holdCount, resolutionCount, ...assignment };
  if (status !== 'on_hold') return { ...facts, status };
  const heldFrom = before?.status === 'on_hold' ? before.heldFrom : before?.status === 'new' ? 'new' : 'in_progress';
  return { ...facts, status, holdReason: reading.holdReason ?? 'awaiting_caller', heldFrom, awaiting: reading.awaiting };
}

function whenLive(state: IncidentState, next: (live: LiveIncident) => IncidentState): IncidentState {
  return isLiveIncident(state) ? next(state) : state;
}

/** The facts and assignment of a live incident, without its status or anything only one status carries. */
function carried(live: LiveIncident): IncidentFacts & IncidentAssignment {
  const { incidentId, impact, urgency, priority, reassignmentCount, reopenCount, holdCount, resolutionCount, details } = live;
  const facts = {
    incidentId, impact, urgency, priority, reassignmentCount, reopenCount, holdCount, resolutionCount, details,
    ...(live.slaStarted && { slaStarted: true as const }),
    ...(live.major && { major: live.major }),
    ...(live.review && { review: live.review }),
    ...(live.childIds && { childIds: live.childIds }),
    ...(live.parentId !== undefined && { parentId: live.parentId }),
    ...(live.workaroundProblemIds && { workaroundProblemIds: live.workaroundProblemIds }),
  };
  return live.assignmentGroup === null
    ? { ...facts, assignmentGroup: null, assignee: null }
    : { ...facts, assignmentGroup: live.assignmentGroup, assignee: live.assignee };
}

function withAssignment(
  live: LiveIncident,
  assignmentGroup: string,
  assignee: string | null,
  reassignmentCount: number,
  startedWork: boolean,
): LiveIncident {
  const next = { ...carried(live), assignmentGroup, assignee, reassignmentCount };
  switch (live.status) {
    case 'new':
      // Only assignments recorded before schema version 5 started the work by naming someone.
      return { ...next, status: startedWork ? 'in_progress' : 'new' };
    case 'in_progress':
      return { ...next, status: 'in_progress' };
    case 'on_hold':
      return { ...next, status: 'on_hold', holdReason: live.holdReason, heldFrom: live.heldFrom, awaiting: live.awaiting };
    case 'resolved':
      return { ...next, status: 'resolved' };
    default:
      return assertNever(live);
  }
}

/** The details an opening records; those added with schema version 4 read as empty before it. */
export function openedDetails(data: IncidentOpened['data']): IncidentDetails {
  const { title, description, category, configurationItemId } = data;
  return {
    title, description, category,
    subcategory: data.subcategory ?? null, symptom: data.symptom ?? null, contactType: data.contactType ?? null, location: data.location ?? null,
    configurationItemId,
  };
}

/** The details after an edit: each changed field takes its new value. */
export function editedDetails(details: IncidentDetails, changes: IncidentEdited['data']['changes']): IncidentDetails {
  const next: Record<string, string | null> = { ...details };
  for (const [field, change] of Object.entries(changes)) if (change !== undefined) next[field] = change.to;
  return next as unknown as IncidentDetails;
}
