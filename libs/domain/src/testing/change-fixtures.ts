import type { CommandContext } from '../shared/decider';
import { DEFAULT_APPROVAL_POLICY } from '../change/approval-policy';
import type { AssessmentRequest, ChangeCommand, ChangeCommandType, RaiseChange } from '../change/change-commands';
import type { ChangeDetails, ChangeEvent, ChangeEventType } from '../change/change-events';
import type { StandardTemplate } from '../change/change-vocabulary';
import { changeContentHash } from '../change/content-hash';
import { DEFAULT_RISK_POLICY } from '../change/risk';
import type { TimeWindow } from '../change/time-window';
import type { CiStatuses } from '../configuration-item/ci-references';
import { withCiStatuses } from './ci-statuses';

/** Builders for the change specs: one change, a fixed clock, readable defaults. */

export const CHANGE_ID = 'CHG0030001';
export const REQUESTER = 'user:grace';
export const MANAGER = 'user:ken';
/** Monday morning; the default window is the next Monday night, a week ahead (no lead-time risk). */
export const NOW = '2025-03-03T09:00:00.000Z';
export const WINDOW: TimeWindow = { start: '2025-03-10T22:00:00.000Z', end: '2025-03-11T02:00:00.000Z' };
export const IN_WINDOW = '2025-03-10T23:00:00.000Z';

export const at = (actor: string, now = NOW): CommandContext => ({ actor, now });

type CommandOf<T extends ChangeCommandType> = Extract<ChangeCommand, { type: T }>;
type EventOf<T extends ChangeEventType> = Extract<ChangeEvent, { type: T }>;

/** Raising and updating get the lookup of their CIs, as the handler adds it, unless the spec gives one. */
export function command<T extends ChangeCommandType>(type: T, data: CommandOf<T>['data'], context = at(REQUESTER)): CommandOf<T> {
  const named = type === 'RaiseChange' || type === 'UpdateChange' ? (data as { affectedCiIds?: unknown }).affectedCiIds : undefined;
  return { type, changeId: CHANGE_ID, data: withCiStatuses(data as { ciStatuses?: CiStatuses }, named), context } as CommandOf<T>;
}

/** An event's data without the change id, which every fixture shares. */
export type EventData<T extends ChangeEventType> = WithoutId<EventOf<T>['data']>;
// Distributes over unions (ChangeAuthorized's bases), which a plain Omit would flatten.
type WithoutId<Data> = Data extends unknown ? Omit<Data, 'changeId'> : never;

export function event<T extends ChangeEventType>(type: T, data: EventData<T>): EventOf<T> {
  return { type, data: { changeId: CHANGE_ID, ...data } } as unknown as EventOf<T>;
}

export const DETAILS: ChangeDetails = {
  title: 'Upgrade the payroll database to 16.2',
  justification: 'Security fixes; 15.x leaves support in April.',
  implementationPlan: 'Fail over to the replica, upgrade the primary, fail back.',
  backoutPlan: 'Fail over to the untouched replica.',
  testPlan: 'Run the payroll smoke suite against the upgraded primary.',
  window: WINDOW,
  affectedCiIds: ['ci-payroll-db-01'],
};

export const TEMPLATE: StandardTemplate = {
  id: 'tpl-patch-linux',
  version: 3,
  content: {
    implementationPlan: 'Apply the monthly patch bundle with the patch runbook.',
    backoutPlan: 'Roll back the bundle with the runbook.',
    testPlan: 'Health checks pass.',
  },
};

export const hashOf = (details: Partial<ChangeDetails> = {}): string => changeContentHash({ ...DETAILS, ...details });
export const HASH = hashOf();

export function raiseChange(
  changeType: 'normal' | 'emergency' = 'normal',
  data: Partial<ChangeDetails> & { assignee?: string | null; ciStatuses?: CiStatuses } = {},
): RaiseChange {
  return command('RaiseChange', { changeType, ...DETAILS, ...data });
}

export function raiseStandard(data: Partial<Pick<ChangeDetails, 'title' | 'window' | 'affectedCiIds'>> = {}): RaiseChange {
  const { title, justification, window, affectedCiIds } = DETAILS;
  return command('RaiseChange', { changeType: 'standard', title, justification, window, affectedCiIds, template: TEMPLATE, ...data });
}

export function changeRaised(changeType: 'normal' | 'emergency' | 'standard' = 'normal', data: Partial<EventData<'ChangeRaised'>> = {}) {
  const details = changeType === 'standard' ? { ...DETAILS, ...TEMPLATE.content } : DETAILS;
  const template = changeType === 'standard' ? { templateId: TEMPLATE.id, templateVersion: TEMPLATE.version } : null;
  const contentHash = changeContentHash({ ...details, ...data });
  return event('ChangeRaised', { changeType, requester: REQUESTER, ...details, assignee: null, template, contentHash, number: null, ...data });
}

/** A low-criticality service, ten clean past changes: the default change scores 0, low risk. */
export const ASSESSMENT: AssessmentRequest = {
  affectedServices: [{ serviceId: 'svc-payroll', criticality: 'low' }],
  pastChanges: { total: 10, failed: 0 },
  riskPolicy: DEFAULT_RISK_POLICY,
  approvalPolicy: DEFAULT_APPROVAL_POLICY,
};

export const assessChange = (data: Partial<AssessmentRequest> = {}, context = at(REQUESTER)) =>
  command('AssessChange', { ...ASSESSMENT, ...data }, context);

export function changeAssessed(data: Partial<EventData<'ChangeAssessed'>> = {}) {
  return event('ChangeAssessed', {
    risk: 'low',
    riskScore: 0,
    riskInputs: {
      affectedServices: ASSESSMENT.affectedServices,
      leadTimeHours: 181,
      pastChanges: ASSESSMENT.pastChanges,
      affectedCiCount: 1,
    },
    riskPolicyVersion: DEFAULT_RISK_POLICY.version,
    approvalRule: DEFAULT_APPROVAL_POLICY.normal.low,
    approvalPolicyVersion: DEFAULT_APPROVAL_POLICY.version,
    contentHash: HASH,
    ...data,
  });
}

export const emergencyAssessed = changeAssessed({ approvalRule: DEFAULT_APPROVAL_POLICY.emergency });

/** An approval as the approver's client sends it: the hash on screen and the groups from the token. */
export function approveChange(approver: string, groups: readonly string[], data: { contentHash?: string; comment?: string | null } = {}) {
  return command('ApproveChange', { contentHash: HASH, approverGroups: groups, ...data }, at(approver));
}

export function rejectChange(approver: string, groups: readonly string[], data: { contentHash?: string; comment?: string } = {}) {
  const comment = 'The backout plan is untested.';
  return command('RejectChange', { contentHash: HASH, comment, approverGroups: groups, ...data }, at(approver));
}

export function changeApproved(approver: string, approvals = 1, required = 1, contentHash = HASH) {
  return event('ChangeApproved', { approver, comment: null, contentHash, approvals, required });
}

export function authorizedBy(approvers: readonly string[], approvalRule = DEFAULT_APPROVAL_POLICY.normal.low, contentHash = HASH) {
  const approvalPolicyVersion = DEFAULT_APPROVAL_POLICY.version;
  return event('ChangeAuthorized', { contentHash, basis: 'approvals', approvers, approvalRule, approvalPolicyVersion });
}

export const standardAuthorized = event('ChangeAuthorized', {
  contentHash: changeRaised('standard').data.contentHash,
  basis: 'standard_template',
  template: { templateId: TEMPLATE.id, templateVersion: TEMPLATE.version },
});

export const scheduled = (window: TimeWindow = WINDOW) => event('ChangeScheduled', { window, conflicts: [], blackoutOverride: false });
export const started = event('ChangeImplementationStarted', { retrospectiveReviewRequired: false });
export const completed = event('ChangeImplementationCompleted', { outcome: 'successful', backoutPerformed: null, notes: 'Upgraded.' });
export const reviewed = event('ChangeReviewed', { reviewer: MANAGER, result: 'successful', notes: 'No incidents in 48 h.' });
export const closed = event('ChangeClosed', {});
export const cancelled = event('ChangeCancelled', { reason: 'Superseded by CHG0030002' });

/** A normal, low-risk change (one approval from change-managers) at each status. */
const authorizedHistory = [changeRaised(), changeAssessed(), changeApproved(MANAGER), authorizedBy([MANAGER])];
export const HISTORIES = {
  draft: [changeRaised()],
  awaiting_authorization: [changeRaised(), changeAssessed()],
  authorized: authorizedHistory,
  scheduled: [...authorizedHistory, scheduled()],
  implementing: [...authorizedHistory, scheduled(), started],
  in_review: [...authorizedHistory, scheduled(), started, completed],
  reviewed: [...authorizedHistory, scheduled(), started, completed, reviewed],
  closed: [...authorizedHistory, scheduled(), started, completed, reviewed, closed],
  cancelled: [changeRaised(), cancelled],
} as const satisfies Record<string, readonly ChangeEvent[]>;

/** One well-formed instance of every command except Raise, for sweeping rules over all commands. */
export const EVERY_LATER_COMMAND: readonly ChangeCommand[] = [
  command('UpdateChange', { title: 'Upgrade payroll DB' }),
  command('AssignChange', { assignee: 'user:linus' }),
  assessChange(),
  approveChange(MANAGER, ['change-managers']),
  rejectChange(MANAGER, ['change-managers']),
  command('ScheduleChange', { window: WINDOW, conflicts: [] }),
  command('StartImplementation', {}, at('user:linus', IN_WINDOW)),
  command('CompleteImplementation', { outcome: 'successful', notes: 'Done.' }),
  command('RecordReview', { result: 'successful', notes: 'Fine.' }, at(MANAGER)),
  command('RecordRetrospectiveReview', { outcome: 'endorsed', notes: 'Justified.', reviewerGroups: ['ecab'] }, at(MANAGER)),
  command('CloseChange', {}),
  command('CancelChange', { reason: 'No longer needed' }),
];
