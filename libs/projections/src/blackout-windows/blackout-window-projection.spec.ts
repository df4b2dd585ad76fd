import { blackoutWindowStream } from '@itsm/domain';
import { readStoreAfter, replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { blackoutWindowProjection } from './blackout-window-projection';
import { findBlackoutWindows } from './blackout-window-queries';

describe('blackout windows projection', () => {
  const freeze = { name: 'Quarter end', window: { start: '2024-03-28T00:00:00.000Z', end: '2024-04-02T00:00:00.000Z' }, scope: { kind: 'all' as const }, reason: 'close' };

  it('keeps active freezes, follows changes, drops withdrawn ones from queries', async () => {
    const log = new TestEventLog();
    log.record(blackoutWindowStream('BW1'), { type: 'BlackoutWindowDefined', data: { blackoutWindowId: 'BW1', ...freeze } });
    log.record(blackoutWindowStream('BW2'), { type: 'BlackoutWindowDefined', data: { blackoutWindowId: 'BW2', ...freeze, name: 'Other' } });
    log.record(blackoutWindowStream('BW1'), { type: 'BlackoutWindowChanged', data: { blackoutWindowId: 'BW1', ...freeze, name: 'Year end', changedFields: ['name'] } });
    log.record(blackoutWindowStream('BW2'), { type: 'BlackoutWindowWithdrawn', data: { blackoutWindowId: 'BW2', reason: 'lifted' } });
    const store = await readStoreAfter(blackoutWindowProjection, log.events);
    const found = await findBlackoutWindows(store, { from: '2024-03-30T00:00:00.000Z', to: '2024-03-31T00:00:00.000Z' });
    expect(found.map((doc) => [doc.id, doc.name])).toEqual([['BW1', 'Year end']]);
    expect(await findBlackoutWindows(store, { from: '2024-04-02T00:00:00.000Z', to: '2024-04-03T00:00:00.000Z' })).toEqual([]);
  });

  it('moves the window the queries see when a freeze changes, and keeps why one was withdrawn', () => {
    const log = new TestEventLog();
    const moved = { start: '2024-04-10T00:00:00.000Z', end: '2024-04-12T00:00:00.000Z' };
    log.record(blackoutWindowStream('BW1'), { type: 'BlackoutWindowDefined', data: { blackoutWindowId: 'BW1', ...freeze } }, { actor: 'cab.chair' });
    log.record(blackoutWindowStream('BW1'), { type: 'BlackoutWindowChanged', data: { blackoutWindowId: 'BW1', ...freeze, window: moved, changedFields: ['window'] } });
    expect(replay(blackoutWindowProjection, [log.events]).get('BW1')).toMatchObject({ window: moved, windowStart: moved.start, windowEnd: moved.end, active: true });
    log.record(blackoutWindowStream('BW1'), { type: 'BlackoutWindowWithdrawn', data: { blackoutWindowId: 'BW1', reason: 'lifted' } });
    expect(replay(blackoutWindowProjection, [log.events]).get('BW1')).toMatchObject({
      id: 'BW1', name: 'Quarter end', window: moved, windowStart: moved.start, windowEnd: moved.end, scope: { kind: 'all' }, reason: 'close',
      active: false, withdrawalReason: 'lifted', definedBy: 'cab.chair', definedAt: '2024-03-01T09:00:00.000Z', updatedAt: '2024-03-01T09:02:00.000Z',
    });
  });

  it('carries the stream revision of the last event applied, what a client sends back as If-Match', () => {
    const log = new TestEventLog();
    log.record(blackoutWindowStream('BW1'), { type: 'BlackoutWindowDefined', data: { blackoutWindowId: 'BW1', ...freeze } });
    log.record(blackoutWindowStream('BW2'), { type: 'BlackoutWindowDefined', data: { blackoutWindowId: 'BW2', ...freeze } });
    expect(replay(blackoutWindowProjection, [log.events]).get('BW1')?.revision).toBe(0);
    log.record(blackoutWindowStream('BW1'), { type: 'BlackoutWindowChanged', data: { blackoutWindowId: 'BW1', ...freeze, name: 'Year end', changedFields: ['name'] } });
    log.record(blackoutWindowStream('BW1'), { type: 'BlackoutWindowWithdrawn', data: { blackoutWindowId: 'BW1', reason: 'lifted' } });
    const documents = replay(blackoutWindowProjection, [log.events]);
    expect(documents.get('BW1')).toMatchObject({ active: false, revision: 2 });
    expect(documents.get('BW2')?.revision).toBe(0);
  });
});
