import type { Impact, Priority, Urgency } from '../incident/priority-matrix';

/**
 * A problem: the unknown cause of one or more incidents (ITIL, ISO/IEC 20000-1 8.6.3). Its own
 * stream, numbered PRB…; it links the incidents it causes, records its root cause and workaround,
 * may be published as a known error, and is fixed by a change.
 */
export const problemStream = (problemId: string): string => `problem-${problemId}`;
export const PROBLEM_STREAM_PREFIX = 'problem-';
export const PROBLEM_EVENT_SCHEMA_VERSION = 1;

export const PROBLEM_STATUSES = ['new', 'assessed', 'root_cause_analysis', 'fix_in_progress', 'resolved', 'closed', 'cancelled'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

type Event<Type extends string, Data> = { readonly type: Type; readonly data: Readonly<Data> & { readonly problemId: string } };

export type ProblemRaised = Event<'ProblemRaised', {
  number: string | null;
  title: string;
  description: string;
  category: string;
  impact: Impact;
  urgency: Urgency;
  priority: Priority;
  priorityMatrixVersion: string;
  configurationItemId: string | null;
  assignmentGroup: string | null;
  assignee: string | null;
  /** The incidents it was raised from (linked from the start), in id order. */
  incidentIds: readonly string[];
}>;

export type ProblemAssigned = Event<'ProblemAssigned', { assignmentGroup: string; assignee: string | null; previousAssignmentGroup: string | null; previousAssignee: string | null }>;
export type ProblemReclassified = Event<'ProblemReclassified', { impact: Impact; urgency: Urgency; priority: Priority; priorityMatrixVersion: string; previousPriority: Priority; reason: string }>;
export type ProblemAssessed = Event<'ProblemAssessed', { note: string | null }>;
export type ProblemRootCauseAnalysisStarted = Event<'ProblemRootCauseAnalysisStarted', object>;
export type ProblemRootCauseRecorded = Event<'ProblemRootCauseRecorded', { rootCause: string; rootCauseCategory: string }>;
/** A way round the problem; the linked incidents are told of it (the incident view shows it). */
export type ProblemWorkaroundRecorded = Event<'ProblemWorkaroundRecorded', { workaround: string }>;
export type ProblemIncidentLinked = Event<'ProblemIncidentLinked', { incidentId: string }>;
export type ProblemIncidentUnlinked = Event<'ProblemIncidentUnlinked', { incidentId: string; reason: string }>;
/**
 * A known error: the root cause and workaround, published to be found by CI, category and symptom
 * (published again when any of them changes).
 */
export type KnownErrorPublished = Event<'KnownErrorPublished', {
  symptom: string;
  category: string;
  configurationItemId: string | null;
  rootCause: string;
  workaround: string;
}>;
export type ProblemFixStarted = Event<'ProblemFixStarted', object>;
/** The change that fixes it: resolving then needs that change closed successful, or a reason. */
export type ProblemFixChangeLinked = Event<'ProblemFixChangeLinked', { changeId: string }>;
export type ProblemResolved = Event<'ProblemResolved', {
  resolution: string;
  fixChangeId: string | null;
  /** Why it is resolved though its fix change was not closed successful; null when it was (or none was linked). */
  overrideReason: string | null;
  /** The incidents linked when it was resolved: those on hold awaiting it are resumed by a reaction. */
  incidentIds: readonly string[];
}>;
export type ProblemClosed = Event<'ProblemClosed', object>;
export type ProblemCancelled = Event<'ProblemCancelled', { reason: string }>;

export type ProblemEvent =
  | ProblemRaised
  | ProblemAssigned
  | ProblemReclassified
  | ProblemAssessed
  | ProblemRootCauseAnalysisStarted
  | ProblemRootCauseRecorded
  | ProblemWorkaroundRecorded
  | ProblemIncidentLinked
  | ProblemIncidentUnlinked
  | KnownErrorPublished
  | ProblemFixStarted
  | ProblemFixChangeLinked
  | ProblemResolved
  | ProblemClosed
  | ProblemCancelled;

export const PROBLEM_EVENT_TYPES: readonly ProblemEvent['type'][] = [
  'ProblemRaised', 'ProblemAssigned', 'ProblemReclassified', 'ProblemAssessed', 'ProblemRootCauseAnalysisStarted', 'ProblemRootCauseRecorded',
  'ProblemWorkaroundRecorded', 'ProblemIncidentLinked', 'ProblemIncidentUnlinked', 'KnownErrorPublished', 'ProblemFixStarted', 'ProblemFixChangeLinked',
  'ProblemResolved', 'ProblemClosed', 'ProblemCancelled',
];
