import type { ChangeConflict } from '@itsm/domain';
import { readStoreAfter, replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { changeHistory, WINDOW } from './testing/change-history';
import { changeRecordProjection } from './change-record-projection';
import { findCabAgenda, getChangeRecord } from './change-record-queries';

/**
 * Issue 8: a conflict is recorded once, on the change scheduled second (its ChangeScheduled names
 * the first). Both records, and the CAB agenda, show it: the first change's record shows it as
 * recorded by the other, for as long as the other's schedule that recorded it stands.
 */
const SLOT_B = { start: '2024-03-10T23:00:00.000Z', end: '2024-03-11T01:00:00.000Z' };
const CLEAR_OF_A = { start: '2024-03-11T01:00:00.000Z', end: '2024-03-11T02:00:00.000Z' };

/** As B's handler records them, seeing A (authorized, on ci-db, in its requested window). */
const B_NAMES_A: readonly ChangeConflict[] = [
  { kind: 'same_ci', changeId: 'CHGA', ciId: 'ci-db', window: WINDOW },
  { kind: 'dependency', changeId: 'CHGA', ciId: 'ci-app', otherCiId: 'ci-db', relation: 'depends_on', window: WINDOW },
];
/** The same conflicts, as A sees them: with B, in B's slot, the dependency read the other way. */
const A_SEES_B = [
  { kind: 'same_ci', changeId: 'CHGB', ciId: 'ci-db', window: SLOT_B },
  { kind: 'dependency', changeId: 'CHGB', ciId: 'ci-db', otherCiId: 'ci-app', relation: 'dependency_of', window: SLOT_B },
];

/** A is authorized for its window; B, on ci-db and ci-app, is then scheduled into it. */
function aThenB() {
  const log = new TestEventLog();
  const a = changeHistory(log, 'CHGA');
  const b = changeHistory(log, 'CHGB');
  a.raised();
  a.assessed();
  a.authorized(['carl', 'cleo']);
  b.raised({ affectedCiIds: ['ci-app', 'ci-db'] });
  b.assessed();
  b.authorized(['carl', 'cleo']);
  b.scheduled(SLOT_B, B_NAMES_A);
  return { log, a, b };
}

const records = async (log: TestEventLog) => {
  const store = await readStoreAfter(changeRecordProjection, log.events);
  return { a: await getChangeRecord(store, 'CHGA'), b: await getChangeRecord(store, 'CHGB'), agenda: await findCabAgenda(store, { limit: 10 }) };
};

describe('change records: a conflict shows on both sides', () => {
  it('shows the conflict B recorded on A too, seen from A, and leaves A’s own schedule, revision and last change alone', async () => {
    const { log } = aThenB();
    const before = replay(changeRecordProjection, [log.events.slice(0, 3)]).get('CHGA');
    const { a, b } = await records(log);
    expect(b).toMatchObject({ conflicts: B_NAMES_A, conflictsRecordedByOthers: [] });
    expect(a).toMatchObject({ status: 'authorized', conflicts: [], conflictsRecordedByOthers: A_SEES_B });
    expect(a).toMatchObject({ revision: before?.revision, updatedAt: before?.updatedAt, updatedBy: before?.updatedBy });
  });

  it('puts the conflict on the CAB agenda when A comes back for authorization', async () => {
    const { log, a } = aThenB();
    a.record('ChangeUpdated', { changes: { backoutPlan: 'restore' }, previousContentHash: 'sha256:1', contentHash: 'sha256:2' });
    a.record('ApprovalsInvalidated', {
      reason: 'content_changed', changedFields: ['backoutPlan'], previousContentHash: 'sha256:1', contentHash: 'sha256:2',
      invalidatedApprovers: ['carl', 'cleo'], wasAuthorized: true,
    });
    const { agenda } = await records(log);
    expect(agenda.items).toEqual([expect.objectContaining({ id: 'CHGA', conflictsRecordedByOthers: A_SEES_B })]);
  });

  it('follows B when it is rescheduled: gone when B moves clear of A, back (once) when B moves in again', async () => {
    const { log, b } = aThenB();
    b.scheduled(CLEAR_OF_A, []);
    expect((await records(log)).a?.conflictsRecordedByOthers).toEqual([]);
    b.scheduled(SLOT_B, B_NAMES_A);
    expect((await records(log)).a?.conflictsRecordedByOthers).toEqual(A_SEES_B);
  });

  it('drops the conflict when B is unscheduled by an edit, or cancelled', async () => {
    const unscheduled = aThenB();
    unscheduled.b.record('ChangeUnscheduled', { reason: 'content_changed', changedFields: ['window'] });
    expect((await records(unscheduled.log)).a?.conflictsRecordedByOthers).toEqual([]);

    const cancelled = aThenB();
    cancelled.b.record('ChangeCancelled', { reason: 'Superseded' });
    expect((await records(cancelled.log)).a?.conflictsRecordedByOthers).toEqual([]);
  });

  it('keeps the conflict once B has been carried out and closed: both records tell the same history', async () => {
    const { log, b } = aThenB();
    b.started();
    b.completed();
    b.record('ChangeReviewed', { reviewer: 'mo', result: 'successful', notes: 'fine' });
    b.record('ChangeClosed', {});
    const { a, b: closed } = await records(log);
    expect(closed).toMatchObject({ status: 'closed', conflicts: B_NAMES_A });
    expect(a?.conflictsRecordedByOthers).toEqual(A_SEES_B);
  });

  it('keeps the conflicts B recorded when A reschedules itself: they are B’s facts', async () => {
    const { log, a } = aThenB();
    a.scheduled(WINDOW, []);
    expect((await records(log)).a).toMatchObject({ status: 'scheduled', conflicts: [], conflictsRecordedByOthers: A_SEES_B });
  });

  it('leaves a change that is already closed or cancelled as it was', async () => {
    const log = new TestEventLog();
    changeHistory(log, 'CHGA').raised();
    changeHistory(log, 'CHGA').record('ChangeCancelled', { reason: 'not needed' });
    const b = changeHistory(log, 'CHGB');
    b.raised();
    b.scheduled(SLOT_B, B_NAMES_A);
    expect((await records(log)).a).toMatchObject({ status: 'cancelled', conflictsRecordedByOthers: [] });
  });
});
