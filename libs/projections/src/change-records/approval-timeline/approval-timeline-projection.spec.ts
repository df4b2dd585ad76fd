import { replay } from '../../testing/replay';
import { TestEventLog } from '../../testing/test-event-log';
import { changeHistory } from '../testing/change-history';
import { approvalTimelineProjection, evolveApprovalLine } from './approval-timeline-projection';

const linesAfter = (log: TestEventLog) => [...replay(approvalTimelineProjection, [log.events]).values()];

/** Approved by carl, edited (invalidating it), approved again by carl and cleo, authorized. */
function approvedEditedAndApprovedAgain(log: TestEventLog) {
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
  return change;
}

describe('approval timeline projection', () => {
  it('keeps every approval, invalidation and authorization as its own line, in stream order', () => {
    const log = new TestEventLog();
    approvedEditedAndApprovedAgain(log);
    expect(linesAfter(log).map((line) => [line.id, line.kind, line.actor, line.contentHash])).toEqual([
      ['CHG1:2', 'approved', 'carl', 'sha256:1'],
      ['CHG1:4', 'invalidated', 'agent.smith', 'sha256:2'],
      ['CHG1:5', 'approved', 'carl', 'sha256:2'],
      ['CHG1:6', 'approved', 'cleo', 'sha256:2'],
      ['CHG1:7', 'authorized', 'agent.smith', 'sha256:2'],
    ]);
  });

  it('writes what each kind of line needs, with its time and revision', () => {
    const log = new TestEventLog();
    approvedEditedAndApprovedAgain(log);
    const [approved, invalidated, , , authorized] = linesAfter(log);
    expect(approved).toEqual({
      id: 'CHG1:2', _position: log.events[2]?.position, changeId: 'CHG1', kind: 'approved', actor: 'carl', at: '2024-03-01T09:02:00.000Z',
      comment: 'ok', contentHash: 'sha256:1', revision: 2, approvals: 1, required: 2,
    });
    expect(invalidated).toMatchObject({ kind: 'invalidated', comment: null, previousContentHash: 'sha256:1', invalidatedApprovers: ['carl'], revision: 4 });
    expect(authorized).toMatchObject({ kind: 'authorized', comment: null, basis: 'approvals', revision: 7 });
  });

  it('records a veto with the approver’s comment', () => {
    const log = new TestEventLog();
    const change = changeHistory(log, 'CHG1');
    change.raised();
    change.assessed();
    change.record('ChangeRejected', { approver: 'cleo', comment: 'no backout test', contentHash: 'sha256:1' }, { actor: 'cleo' });
    expect(linesAfter(log)).toEqual([expect.objectContaining({ kind: 'rejected', actor: 'cleo', comment: 'no backout test', revision: 2 })]);
  });

  it('writes nothing for the rest of a change’s history', () => {
    const log = new TestEventLog();
    const change = changeHistory(log, 'CHG1');
    change.raised();
    change.assessed();
    change.record('ChangeUpdated', { changes: { title: 'Patch' }, previousContentHash: 'sha256:1', contentHash: 'sha256:2' });
    change.record('ChangeCancelled', { reason: 'not needed' });
    expect(linesAfter(log)).toEqual([]);
  });

  it('never changes a line once kept: an event naming it again leaves it as it is', () => {
    const log = new TestEventLog();
    approvedEditedAndApprovedAgain(log);
    const [kept] = linesAfter(log);
    const namingItAgain = { ...log.events[2]!, data: { changeId: 'CHG1', approver: 'mallory', comment: 'rewritten', contentHash: 'sha256:9', approvals: 2, required: 2 } };
    expect(evolveApprovalLine(kept!, namingItAgain as never)).toEqual(kept);
  });

  it('writes a veto line with the content it vetoed', () => {
    const log = new TestEventLog();
    const change = changeHistory(log, 'CHG1');
    change.raised();
    change.assessed();
    const rejected = change.record('ChangeRejected', { approver: 'cleo', comment: 'no backout test', contentHash: 'sha256:1' }, { actor: 'cleo' });
    expect(linesAfter(log)).toEqual([
      { id: 'CHG1:2', _position: rejected.position, changeId: 'CHG1', kind: 'rejected', actor: 'cleo', at: '2024-03-01T09:02:00.000Z', comment: 'no backout test', contentHash: 'sha256:1', revision: 2 },
    ]);
  });
});
