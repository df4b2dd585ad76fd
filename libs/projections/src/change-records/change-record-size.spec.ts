import { replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { changeHistory } from './testing/change-history';
import { changeRecordProjection } from './change-record-projection';
import type { ChangeRecordDocument } from './change-record-document';

/**
 * Issue 7: every edit of approved content invalidates the approvals and asks again, so a change's
 * approvals timeline grows without bound. The change record must not grow with it; the timeline is
 * paged from its own read model.
 */
const SMALL_DOCUMENT_BYTES = 2 * 1024;

const sizeOf = (record: ChangeRecordDocument | undefined): number => Buffer.byteLength(JSON.stringify(record));
const shapeOf = (record: ChangeRecordDocument | undefined): string[] => Object.keys(record ?? {}).sort();

/** The requester edits the plan, which invalidates carl's approval; carl approves the new content. */
function editAndApproveAgain(change: ReturnType<typeof changeHistory>, round: number): void {
  const [before, after] = [`sha256:${round}`, `sha256:${round + 1}`];
  change.record('ChangeUpdated', { changes: { implementationPlan: `plan ${round}` }, previousContentHash: before, contentHash: after });
  change.record('ApprovalsInvalidated', {
    reason: 'content_changed', changedFields: ['implementationPlan'], previousContentHash: before, contentHash: after,
    invalidatedApprovers: ['carl'], wasAuthorized: false,
  });
  change.approved('carl', 1, after);
}

describe('change record size', () => {
  it('stays the same small document after 500 rounds of edit, invalidation and approval as after one', () => {
    const log = new TestEventLog();
    const change = changeHistory(log, 'CHG1');
    change.raised();
    change.assessed();
    change.approved('carl', 1);
    editAndApproveAgain(change, 1);
    const afterOne = replay(changeRecordProjection, [log.events]).get('CHG1');

    for (let round = 2; round <= 500; round++) editAndApproveAgain(change, round);
    const afterMany = replay(changeRecordProjection, [log.events]).get('CHG1');

    expect(afterMany).toMatchObject({ status: 'awaiting_authorization', currentApprovers: ['carl'], contentHash: 'sha256:501' });
    expect(sizeOf(afterMany)).toBeLessThan(SMALL_DOCUMENT_BYTES);
    expect(shapeOf(afterMany)).toEqual(shapeOf(afterOne));
    expect(sizeOf(afterMany) - sizeOf(afterOne)).toBeLessThan(32);
  });
});
