import type { CiStatuses } from '../configuration-item/ci-references';
import type { CommandContext } from '../shared/decider';
import type { Impact, PriorityMatrix, Urgency } from '../incident/priority-matrix';

type Command<Type extends string, Data> = {
  readonly type: Type;
  readonly problemId: string;
  readonly data: Readonly<Data>;
  readonly context: CommandContext;
};

/** What the handler read of an incident named: whether it was opened (linking needs a real incident). */
export type IncidentLookup = Readonly<Record<string, 'open' | 'closed' | 'cancelled' | 'unknown'>>;

/** The fix change as the handler read it from the log: its status and, once implemented, the outcome. */
export interface FixChangeLookup {
  readonly changeId: string;
  readonly status: string;
  readonly outcome: string | null;
}

export type RaiseProblem = Command<'RaiseProblem', {
  title: string;
  description: string;
  category: string;
  impact: Impact;
  urgency: Urgency;
  priorityMatrix: PriorityMatrix;
  configurationItemId?: string | null;
  assignmentGroup?: string | null;
  assignee?: string | null;
  incidentIds?: readonly string[];
  number?: string | null;
  ciStatuses?: CiStatuses;
  incidents?: IncidentLookup;
}>;
export type AssignProblem = Command<'AssignProblem', { assignmentGroup: string; assignee?: string | null }>;
export type ReclassifyProblem = Command<'ReclassifyProblem', { impact: Impact; urgency: Urgency; reason: string; priorityMatrix: PriorityMatrix }>;
export type AssessProblem = Command<'AssessProblem', { note?: string | null }>;
export type StartRootCauseAnalysis = Command<'StartRootCauseAnalysis', Record<string, never>>;
export type RecordRootCause = Command<'RecordRootCause', { rootCause: string; rootCauseCategory: string }>;
export type RecordWorkaround = Command<'RecordWorkaround', { workaround: string }>;
export type LinkIncident = Command<'LinkIncident', { incidentId: string; incidents?: IncidentLookup }>;
export type UnlinkIncident = Command<'UnlinkIncident', { incidentId: string; reason: string }>;
export type PublishKnownError = Command<'PublishKnownError', { symptom: string; category?: string | null }>;
export type StartFix = Command<'StartFix', Record<string, never>>;
export type LinkFixChange = Command<'LinkFixChange', { changeId: string; change?: FixChangeLookup | null }>;
export type ResolveProblem = Command<'ResolveProblem', { resolution: string; overrideReason?: string | null; fixChange?: FixChangeLookup | null }>;
export type CloseProblem = Command<'CloseProblem', Record<string, never>>;
export type CancelProblem = Command<'CancelProblem', { reason: string }>;

export type ProblemCommand =
  | RaiseProblem
  | AssignProblem
  | ReclassifyProblem
  | AssessProblem
  | StartRootCauseAnalysis
  | RecordRootCause
  | RecordWorkaround
  | LinkIncident
  | UnlinkIncident
  | PublishKnownError
  | StartFix
  | LinkFixChange
  | ResolveProblem
  | CloseProblem
  | CancelProblem;
