import type { CiStatuses } from '../configuration-item/ci-references';
import type { CommandContext } from '../shared/decider';
import type { AwaitedReference, HoldReason, IncidentDetailField, ResolutionCode } from './incident-events';
import type { Impact, PriorityMatrix, Urgency } from './priority-matrix';
import type { SlaConfiguration } from '../sla/sla-configuration';

type Command<Type extends string, Data> = {
  readonly type: Type;
  readonly incidentId: string;
  readonly data: Readonly<Data>;
  readonly context: CommandContext;
};

export type OpenIncident = Command<'OpenIncident', {
  title: string;
  description: string;
  caller: string;
  category: string;
  impact: Impact;
  urgency: Urgency;
  configurationItemId?: string | null;
  assignmentGroup?: string | null;
  subcategory?: string | null;
  symptom?: string | null;
  contactType?: string | null;
  location?: string | null;
  /** The matrix in force, supplied by the caller of decide (policy is data, not a global). */
  priorityMatrix: PriorityMatrix;
  /**
   * The SLA configuration as the log holds it, supplied by the handler: the policy in force now for
   * the incident (by priority, group, CI) starts its service levels, recorded as SlaStarted. Absent
   * in specs that do not care: no SLA starts.
   */
  slaConfiguration?: SlaConfiguration;
  /** The number taken for the incident by the handler (record-numbers.ts); none in specs that do not care. */
  number?: string | null;
  /** The named CI's status, read from the log by the handler (see ci-references.ts). */
  ciStatuses?: CiStatuses;
}>;

/** The fields given change (null empties an optional one); the fields left out stay. */
export type EditIncident = Command<'EditIncident', Partial<Record<IncidentDetailField, string | null>> & {
  /** The named CI's status, read from the log by the handler (see ci-references.ts). */
  ciStatuses?: CiStatuses;
}>;

export type ReclassifyIncident = Command<'ReclassifyIncident', {
  impact: Impact;
  urgency: Urgency;
  reason: string;
  priorityMatrix: PriorityMatrix;
  /** The SLA configuration, supplied by the handler: an incident not yet measured starts its SLA when raised into a priority a policy measures. */
  slaConfiguration?: SlaConfiguration;
}>;

export type StartIncidentWork = Command<'StartIncidentWork', Record<string, never>>;
export type AssignIncident = Command<'AssignIncident', { assignmentGroup?: string | null; assignee?: string | null }>;
export type ReassignIncident = Command<'ReassignIncident', { assignmentGroup?: string | null; assignee?: string | null; reason: string }>;
export type AddWorkNote = Command<'AddWorkNote', { text: string }>;
export type AddComment = Command<'AddComment', { text: string }>;
/** The problem a hold names, as the handler read it from the log (null: never raised); absent in specs that do not care. */
export interface AwaitedProblemLookup {
  readonly status: string;
  /** The problem links this incident, so that its resolution resumes it. */
  readonly linksIncident: boolean;
}
export type PutIncidentOnHold = Command<'PutIncidentOnHold', { reason: HoldReason; note?: string | null; awaiting?: AwaitedReference | null; awaitedProblem?: AwaitedProblemLookup | null }>;
export type ResumeIncident = Command<'ResumeIncident', Record<string, never>>;
/**
 * The reaction to a problem's resolution (not a person's command): resumes the incident if it is on
 * hold awaiting that problem, named by id or number; otherwise nothing is decided.
 */
export type ResumeIncidentForProblem = Command<'ResumeIncidentForProblem', { problemId: string; problemNumber: string | null; because?: 'problem_resolved' | 'problem_unlinked' | 'problem_cancelled' }>;
/** The reaction to a problem's workaround: told to a live incident it causes; a closed or cancelled one is left as it is. */
export type PublishWorkaround = Command<'PublishWorkaround', { problemId: string; problemNumber: string | null; workaround: string }>;
/** The reaction to an incident unlinked from a problem: the problem's workaround, if it was told, is withdrawn. */
export type WithdrawWorkaround = Command<'WithdrawWorkaround', { problemId: string; problemNumber: string | null; reason: string }>;
export type ResolveIncident = Command<'ResolveIncident', { resolutionCode: ResolutionCode; resolutionNotes: string }>;
export type ProposeMajorIncident = Command<'ProposeMajorIncident', { reason: string }>;
export type AcceptMajorIncident = Command<'AcceptMajorIncident', { reason: string }>;
export type DeclineMajorIncident = Command<'DeclineMajorIncident', { reason: string }>;
/** `childStatus` and `childHasChildren` are what the handler read of the child's stream (the child's own claim decides again, atomically). */
export type AttachChildIncident = Command<'AttachChildIncident', { childId: string; childStatus?: string; childHasChildren?: boolean }>;
export type DetachChildIncident = Command<'DetachChildIncident', { childId: string; reason: string }>;
/**
 * The child's side of an attachment, decided on the child's stream before the parent's append (never
 * sent by a client). `currentParentEnded`: the parent it is attached to is closed or cancelled, as
 * read from the log, so that attachment has lapsed.
 */
export type AttachToParent = Command<'AttachToParent', { parentId: string; currentParentEnded?: boolean }>;
/** The child's side of a detachment, or the undoing of a claim whose parent's append did not land (never sent by a client). */
export type DetachFromParent = Command<'DetachFromParent', { parentId: string; reason: string }>;
/** `problemKnown` is whether the handler found the problem named in the log. */
export type RecordMajorIncidentReview = Command<'RecordMajorIncidentReview', { whatHappened: string; timeline: string; actions: string; problemId?: string | null; problemKnown?: boolean }>;
/** The reaction to a parent's resolution: a live, unresolved child is resolved with it; anything else is left as it is. */
export type ResolveIncidentWithParent = Command<'ResolveIncidentWithParent', { parentId: string; parentNumber: string | null; resolutionCode: ResolutionCode; resolutionNotes: string }>;
export type ReopenIncident = Command<'ReopenIncident', { reason: string }>;
export type CloseIncident = Command<'CloseIncident', Record<string, never>>;
export type CancelIncident = Command<'CancelIncident', { reason: string }>;

export type IncidentCommand =
  | OpenIncident
  | EditIncident
  | ReclassifyIncident
  | AssignIncident
  | ReassignIncident
  | StartIncidentWork
  | AddWorkNote
  | AddComment
  | PutIncidentOnHold
  | ResumeIncident
  | ResumeIncidentForProblem
  | PublishWorkaround
  | WithdrawWorkaround
  | ProposeMajorIncident
  | AcceptMajorIncident
  | DeclineMajorIncident
  | AttachChildIncident
  | DetachChildIncident
  | AttachToParent
  | DetachFromParent
  | RecordMajorIncidentReview
  | ResolveIncidentWithParent
  | ResolveIncident
  | ReopenIncident
  | CloseIncident
  | CancelIncident;

export type IncidentCommandType = IncidentCommand['type'];
