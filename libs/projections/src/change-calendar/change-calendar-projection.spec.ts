import { changeHistory, WINDOW } from '../change-records/testing/change-history';
import { readStoreAfter, replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { changeCalendarProjection, evolveCalendarEntry } from './change-calendar-projection';
import { findCalendar, pastChangeStats } from './change-calendar-queries';

const SLOT = { start: '2024-03-10T23:00:00.000Z', end: '2024-03-11T01:00:00.000Z' };

describe('change calendar projection', () => {
  it('places a change at its requested window, then at its scheduled slot, with state and risk', () => {
    const log = new TestEventLog();
    const change = changeHistory(log, 'CHG1');
    change.raised();
    expect(replay(changeCalendarProjection, [log.events]).get('CHG1')).toMatchObject({ state: 'draft', windowStart: '2024-03-10T22:00:00.000Z', risk: null });
    change.assessed();
    change.authorized(['carl']);
    change.scheduled(SLOT);
    expect(replay(changeCalendarProjection, [log.events]).get('CHG1')).toMatchObject({ state: 'scheduled', window: SLOT, windowStart: SLOT.start, risk: 'high' });
  });

  it('finds changes by window overlap, CI and state, a page at a time', async () => {
    const log = new TestEventLog();
    changeHistory(log, 'CHG1').raised({ window: { start: '2024-03-01T00:00:00.000Z', end: '2024-03-02T00:00:00.000Z' } });
    changeHistory(log, 'CHG2').raised({ window: { start: '2024-03-05T00:00:00.000Z', end: '2024-03-06T00:00:00.000Z' }, affectedCiIds: ['ci-web'] });
    changeHistory(log, 'CHG3').raised({ window: { start: '2024-03-07T00:00:00.000Z', end: '2024-03-08T00:00:00.000Z' } });
    changeHistory(log, 'CHG4').raised({ window: { start: '2024-03-20T00:00:00.000Z', end: '2024-03-21T00:00:00.000Z' } });
    changeHistory(log, 'CHG3').record('ChangeCancelled', { reason: 'not needed' });
    const store = await readStoreAfter(changeCalendarProjection, log.events);
    const range = { from: '2024-03-01T12:00:00.000Z', to: '2024-03-10T00:00:00.000Z' };
    const first = await findCalendar(store, { ...range, limit: 2 });
    expect(first.items.map((item) => item.id)).toEqual(['CHG1', 'CHG2']);
    const second = await findCalendar(store, { ...range, limit: 2, cursor: first.nextCursor });
    expect(second).toMatchObject({ items: [{ id: 'CHG3' }], nextCursor: null });
    expect((await findCalendar(store, { ...range, limit: 10, ciIds: ['ci-web'] })).items.map((item) => item.id)).toEqual(['CHG2']);
    expect((await findCalendar(store, { ...range, limit: 10, state: 'draft' })).items.map((item) => item.id)).toEqual(['CHG1', 'CHG2']);
  });

  it('counts completed changes on the CIs and the failed ones', async () => {
    const log = new TestEventLog();
    for (const [id, outcome] of [['CHG1', 'successful'], ['CHG2', 'failed']] as const) {
      changeHistory(log, id).raised();
      changeHistory(log, id).started();
      changeHistory(log, id).completed(outcome);
    }
    changeHistory(log, 'CHG3').raised({ affectedCiIds: ['ci-other'] });
    const store = await readStoreAfter(changeCalendarProjection, log.events);
    expect(await pastChangeStats(store, ['ci-db'])).toEqual({ total: 2, failed: 1 });
    expect(await pastChangeStats(store, ['ci-none'])).toEqual({ total: 0, failed: 0 });
  });

  it('leaves exactly this entry after a schedule withdrawn (back at the requested window), a rejection and a failed implementation', () => {
    const log = new TestEventLog();
    const change = changeHistory(log, 'CHG1');
    change.raised();
    change.assessed();
    change.record('ChangeRejected', { approver: 'cleo', comment: 'no', contentHash: 'sha256:1' });
    expect(replay(changeCalendarProjection, [log.events]).get('CHG1')).toMatchObject({ state: 'draft', risk: 'high' });
    change.assessed('low', 1);
    change.authorized(['carl']);
    change.scheduled(SLOT);
    change.record('ChangeUnscheduled', { reason: 'content_changed', changedFields: ['window'] });
    const unscheduled = replay(changeCalendarProjection, [log.events]).get('CHG1');
    expect(unscheduled).toMatchObject({ state: 'authorized', scheduledWindow: null, window: WINDOW, windowStart: WINDOW.start, windowEnd: WINDOW.end });
    change.started();
    const completed = change.completed('failed');
    expect(replay(changeCalendarProjection, [log.events]).get('CHG1')).toEqual({
      id: 'CHG1', _position: completed.position, number: null, title: 'Change CHG1', changeType: 'normal', state: 'in_review', requestedWindow: WINDOW, scheduledWindow: null,
      window: WINDOW, windowStart: WINDOW.start, windowEnd: WINDOW.end, ciIds: ['ci-db'], risk: 'low', outcome: 'failed',
    });
  });

  it('never resets an entry when the change is raised again', () => {
    const log = new TestEventLog();
    const change = changeHistory(log, 'CHG1');
    const raised = change.raised();
    change.assessed();
    const kept = replay(changeCalendarProjection, [log.events]).get('CHG1')!;
    expect(evolveCalendarEntry(kept, raised as never)).toEqual(kept);
  });
});
