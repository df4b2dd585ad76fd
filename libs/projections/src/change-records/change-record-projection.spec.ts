import { readStoreAfter, replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { changeHistory } from './testing/change-history';
import { changeRecordProjection } from './change-record-projection';
import { findCabAgenda, getChangeRecord } from './change-record-queries';

const recordAfter = (log: TestEventLog, id = 'CHG1') => replay(changeRecordProjection, [log.events]).get(id);

describe('change record projection', () => {
  it('keeps the raised change with its requester, plans and no risk yet', () => {
    const log = new TestEventLog();
    changeHistory(log, 'CHG1').raised();
    expect(recordAfter(log)).toMatchObject({ id: 'CHG1', status: 'draft', requester: 'rita', changeType: 'normal', risk: null, approvalTimelineCount: 0 });
  });

  it('records the risk with its inputs and policies, the approvers of the current content, and counts the timeline', () => {
    const log = new TestEventLog();
    const change = changeHistory(log, 'CHG1');
    change.raised();
    change.assessed();
    change.approved('carl', 1);
    change.record('ChangeUpdated', { changes: { backoutPlan: 'restore' }, previousContentHash: 'sha256:1', contentHash: 'sha256:2' });
    change.record('ApprovalsInvalidated', {
      reason: 'content_changed', changedFields: ['backoutPlan'], previousContentHash: 'sha256:1', contentHash: 'sha256:2',
      invalidatedApprovers: ['carl'], wasAuthorized: false,
    });
    change.approved('carl', 1, 'sha256:2');
    change.approved('cleo', 2, 'sha256:2');
    change.authorized(['carl', 'cleo'], 'sha256:2');
    const record = recordAfter(log);
    expect(record).toMatchObject({ status: 'authorized', backoutPlan: 'restore', contentHash: 'sha256:2', currentApprovers: ['carl', 'cleo'] });
    expect(record?.risk).toMatchObject({ level: 'high', riskPolicyVersion: 'r1', approvalPolicyVersion: 'a1', inputs: { affectedCiCount: 1 } });
    expect(record?.approvalTimelineCount).toBe(5);
    expect(record).not.toHaveProperty('approvals');
  });

  it('sends a rejected change back to draft, dropping the approvers so far', () => {
    const log = new TestEventLog();
    const change = changeHistory(log, 'CHG1');
    change.raised();
    change.assessed();
    change.approved('carl', 1);
    change.record('ChangeRejected', { approver: 'cleo', comment: 'no backout test', contentHash: 'sha256:1' }, { actor: 'cleo' });
    expect(recordAfter(log)).toMatchObject({ status: 'draft', currentApprovers: [], approvalTimelineCount: 2 });
  });

  it('follows schedule, implementation, outcome and reviews to closure', () => {
    const log = new TestEventLog();
    const change = changeHistory(log, 'CHG1');
    change.raised({ changeType: 'emergency' });
    change.assessed();
    change.record('ChangeImplementationStarted', { retrospectiveReviewRequired: true, flagReasons: ['not_authorized'], reviewerGroup: 'ecab' });
    expect(recordAfter(log)).toMatchObject({ status: 'implementing', retrospective: { retrospectiveReviewRequired: true } });
    change.completed('failed');
    change.record('ChangeReviewed', { reviewer: 'mo', result: 'unsuccessful', notes: 'rolled back' });
    change.record('ChangeRetrospectiveReviewRecorded', { reviewer: 'eve', outcome: 'endorsed', notes: 'needed' });
    change.record('ChangeClosed', {});
    expect(recordAfter(log)).toMatchObject({
      status: 'closed',
      outcome: { result: 'failed', backoutPerformed: true },
      retrospective: { retrospectiveReviewRequired: false },
      reviews: [{ kind: 'post_implementation', result: 'unsuccessful' }, { kind: 'retrospective', reviewer: 'eve', result: 'endorsed' }],
    });
  });

  it('keeps why a retrospective review was required, and when, after the review too', () => {
    const log = new TestEventLog();
    const change = changeHistory(log, 'CHG1');
    change.raised({ changeType: 'emergency' });
    change.assessed();
    const start = change.record('ChangeImplementationStarted', {
      retrospectiveReviewRequired: true, flagReasons: ['not_authorized', 'outside_window'], reviewerGroup: 'ecab',
    });
    const flagged = { flagReasons: ['not_authorized', 'outside_window'], reviewerGroup: 'ecab', flaggedAt: start.metadata.occurredAt };
    expect(recordAfter(log)?.retrospective).toEqual({ retrospectiveReviewRequired: true, ...flagged, reviewedAt: null });
    change.completed();
    const review = change.record('ChangeRetrospectiveReviewRecorded', { reviewer: 'eve', outcome: 'endorsed', notes: 'needed' });
    change.record('ChangeReviewed', { reviewer: 'mo', result: 'successful', notes: 'fine' });
    change.record('ChangeClosed', {});
    expect(recordAfter(log)?.retrospective).toEqual({ retrospectiveReviewRequired: false, ...flagged, reviewedAt: review.metadata.occurredAt });
  });

  it('says of an unflagged start that no retrospective review was required, in the same shape', () => {
    const log = new TestEventLog();
    const change = changeHistory(log, 'CHG1');
    change.raised();
    change.started();
    expect(recordAfter(log)?.retrospective).toEqual({
      retrospectiveReviewRequired: false, flagReasons: [], reviewerGroup: null, flaggedAt: null, reviewedAt: null,
    });
  });

  it('carries the stream revision of the last event applied, what a client sends back as If-Match', () => {
    const log = new TestEventLog();
    const change = changeHistory(log, 'CHG1');
    change.raised();
    expect(recordAfter(log)?.revision).toBe(0);
    changeHistory(log, 'CHG2').raised();
    change.assessed();
    change.approved('carl', 1);
    expect(recordAfter(log)?.revision).toBe(2);
    expect(recordAfter(log, 'CHG2')?.revision).toBe(0);
  });

  it('lists changes awaiting authorization on the CAB agenda, oldest first', async () => {
    const log = new TestEventLog();
    changeHistory(log, 'CHG1').raised();
    changeHistory(log, 'CHG2').raised();
    changeHistory(log, 'CHG3').raised();
    changeHistory(log, 'CHG2').assessed();
    changeHistory(log, 'CHG1').assessed();
    const store = await readStoreAfter(changeRecordProjection, log.events);
    const agenda = await findCabAgenda(store, { limit: 10 });
    expect(agenda.items.map((item) => item.id)).toEqual(['CHG1', 'CHG2']);
    expect(await getChangeRecord(store, 'CHG3')).toMatchObject({ status: 'draft' });
  });

  it('keeps what a whole history moved: assignee, risk, approvals, a schedule withdrawn and another kept, the outcome and its review', () => {
    const log = new TestEventLog();
    const change = changeHistory(log, 'CHG1');
    const slot = { start: '2024-03-12T22:00:00.000Z', end: '2024-03-13T01:00:00.000Z' };
    const later = { start: '2024-03-14T22:00:00.000Z', end: '2024-03-15T01:00:00.000Z' };
    change.raised(); // 09:00
    change.record('ChangeAssigned', { assignee: 'ann', previousAssignee: null }); // 09:01
    change.assessed(); // 09:02
    change.approved('carl', 1);
    change.approved('cleo', 2);
    change.authorized(['carl', 'cleo']); // 09:05
    change.record('ChangeScheduled', { window: slot, conflicts: [{ kind: 'same_ci', changeId: 'CHG9', ciId: 'ci-db', window: slot }], blackoutOverride: true });
    change.record('ChangeUnscheduled', { reason: 'content_changed', changedFields: ['window'] }); // 09:07
    expect(recordAfter(log)).toMatchObject({ status: 'authorized', scheduledWindow: null, conflicts: [], blackoutOverride: false });
    change.scheduled(later); // 09:08
    change.started();
    change.completed('failed'); // 09:10
    change.record('ChangeReviewed', { reviewer: 'mo', result: 'unsuccessful', notes: 'rolled back' }); // 09:11
    change.record('ChangeClosed', {}); // 09:12
    expect(recordAfter(log)).toMatchObject({
      id: 'CHG1', status: 'closed', title: 'Change CHG1', requester: 'rita', assignee: 'ann', contentHash: 'sha256:1',
      risk: { level: 'high', score: 5, riskPolicyVersion: 'r1', approvalPolicyVersion: 'a1', assessedAt: '2024-03-01T09:02:00.000Z' },
      approvalRule: { group: 'cab', required: 2 }, currentApprovers: ['carl', 'cleo'], approvalTimelineCount: 3,
      scheduledWindow: later, conflicts: [], blackoutOverride: false, outcome: { result: 'failed', backoutPerformed: true, notes: 'done' },
      reviews: [{ kind: 'post_implementation', reviewer: 'mo', at: '2024-03-01T09:11:00.000Z', result: 'unsuccessful', notes: 'rolled back' }],
      cancellationReason: null, raisedAt: '2024-03-01T09:00:00.000Z', updatedAt: '2024-03-01T09:12:00.000Z', updatedBy: 'agent.smith',
    });
  });
});
