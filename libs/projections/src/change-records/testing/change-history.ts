import { changeStream, type ChangeConflict, type ChangeEvent } from '@itsm/domain';
import type { RecordedEvent } from '@itsm/event-store';
import type { RecordOptions, TestEventLog } from '../../testing/test-event-log';

// Distributes over unions (an authorization by approvals or by template), unlike a plain Omit.
type WithoutId<D> = D extends unknown ? Omit<D, 'changeId'> : never;
type DataOf<T extends ChangeEvent['type']> = WithoutId<Extract<ChangeEvent, { type: T }>['data']>;

export const WINDOW = { start: '2024-03-10T22:00:00.000Z', end: '2024-03-11T02:00:00.000Z' };

/** Records one change's facts into a TestEventLog with sensible defaults, for projection specs. */
export function changeHistory(log: TestEventLog, changeId: string) {
  const record = <T extends ChangeEvent['type']>(type: T, data: DataOf<T>, options?: RecordOptions): RecordedEvent =>
    log.record(changeStream(changeId), { type, data: { changeId, ...data } }, options);
  return {
    record,
    raised: (data: Partial<DataOf<'ChangeRaised'>> = {}) =>
      record('ChangeRaised', {
        title: `Change ${changeId}`, justification: 'Security patch', implementationPlan: 'patch', backoutPlan: 'rollback',
        testPlan: 'smoke', window: WINDOW, affectedCiIds: ['ci-db'], changeType: 'normal', requester: 'rita', assignee: null,
        template: null, contentHash: 'sha256:1', ...data,
      }, { actor: data.requester ?? 'rita' }),
    assessed: (risk: 'low' | 'high' = 'high', required = 2) =>
      record('ChangeAssessed', {
        risk, riskScore: 5, riskInputs: { affectedServices: [], leadTimeHours: 100, pastChanges: { total: 0, failed: 0 }, affectedCiCount: 1 },
        riskPolicyVersion: 'r1', approvalRule: { group: 'cab', required }, approvalPolicyVersion: 'a1', contentHash: 'sha256:1',
      }),
    approved: (approver: string, approvals: number, contentHash = 'sha256:1') =>
      record('ChangeApproved', { approver, comment: 'ok', contentHash, approvals, required: 2 }, { actor: approver }),
    authorized: (approvers: string[], contentHash = 'sha256:1') =>
      record('ChangeAuthorized', { contentHash, basis: 'approvals', approvers, approvalRule: { group: 'cab', required: 2 }, approvalPolicyVersion: 'a1' }),
    scheduled: (window = WINDOW, conflicts: readonly ChangeConflict[] = []) =>
      record('ChangeScheduled', { window, conflicts, blackoutOverride: conflicts.some((conflict) => conflict.kind === 'blackout') }),
    started: () => record('ChangeImplementationStarted', { retrospectiveReviewRequired: false }),
    completed: (outcome: 'successful' | 'failed' = 'successful') =>
      record('ChangeImplementationCompleted', { outcome, backoutPerformed: outcome === 'failed' ? true : null, notes: 'done' }),
  };
}
