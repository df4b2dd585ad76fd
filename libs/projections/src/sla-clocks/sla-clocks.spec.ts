import type { SlaPolicyVersion } from '@itsm/domain';
import type { ReadStore } from '@itsm/read-store';
import { incidentHistory } from '../testing/incident-history';
import { readStoreAfter, replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { slaClocksProjection } from './sla-clocks-projection';
import { findSlaBoard, findSlaFactsOwed, slaAttainment } from './sla-clocks-queries';

/** Calendar-time targets (business-time arithmetic has its own specs in the domain): P1 15 min / 4 h, P3 1 h / 8 h. */
const POLICY: SlaPolicyVersion = {
  name: 'standard', version: 2, effectiveFrom: '2026-01-01T00:00:00.000Z', scope: { assignmentGroup: null, configurationItemId: null }, atRiskPercent: 75, pausingHoldReasons: ['awaiting_caller'], onReopen: 'restart',
  targets: [
    { priority: 1, response: { minutes: 15, calendar: null }, resolution: { minutes: 240, calendar: null } },
    { priority: 3, response: { minutes: 60, calendar: null }, resolution: { minutes: 480, calendar: null } },
  ],
};
const at = (time: string) => ({ occurredAt: `2026-11-30T${time}:00.000Z` });

/**
 * Opened at 09:00 UTC. A (P3, network): nobody responds. B (P1, desktop): assigned at 09:05.
 * C (P3, network): work started 09:10, on hold awaiting the caller from 09:30. D (P3, network):
 * resolved at 09:20. E (P5): no policy measures it. F: opened 11:00, resolved late at 20:00, reopened.
 */
function history(): TestEventLog {
  const log = new TestEventLog();
  const open = (id: string, priority: 1 | 3 | 5, assignmentGroup: string | null, time = '09:00') => {
    const incident = incidentHistory(log, id);
    incident.opened({ priority, assignmentGroup, number: `INC000${id}` }, at(time));
    if (priority !== 5) incident.slaStarted({ policy: POLICY, calendars: [] }, at(time));
    return incident;
  };
  open('A', 3, 'network');
  open('B', 1, 'desktop').assigned('desktop', 'bob', at('09:05'));
  const c = open('C', 3, 'network');
  c.workStarted(at('09:10'));
  c.putOnHold('awaiting_caller', null, at('09:30'));
  open('D', 3, 'network').resolved('solved_permanently', at('09:20'));
  open('E', 5, 'network');
  const f = open('F', 3, 'network', '11:00');
  f.workStarted(at('11:05'));
  f.resolved('solved_permanently', at('20:00'));
  f.reopened(1, at('20:30'));
  return log;
}

const lines = (page: { items: readonly { incidentId: string; metric: string; state: string; deadline: string }[] }) => page.items.map(({ incidentId, metric, state, deadline }) => `${incidentId}:${metric} ${state} ${deadline.slice(11, 16)}`);

describe('SLA clocks read model', () => {
  let store: ReadStore;
  beforeAll(async () => (store = await readStoreAfter(slaClocksProjection, history().events)));

  it('lays out each measured clock with its deadlines as data, and keeps an unmeasured incident out of every list', () => {
    const documents = replay(slaClocksProjection, [history().events]);
    expect(documents.get('A:resolution')).toMatchObject({ measured: true, policy: { name: 'standard', version: 2 }, cycle: 1, state: 'running', priority: 3, assignmentGroup: 'network', targetMs: 8 * 3_600_000, dueAt: '2026-11-30T17:00:00.000Z', atRiskAt: '2026-11-30T15:00:00.000Z', deadline: '2026-11-30T17:00:00.000Z', nextFactAt: '2026-11-30T15:00:00.000Z' });
    expect(documents.get('C:resolution')).toMatchObject({ state: 'paused', elapsedMs: 30 * 60_000 });
    expect(documents.get('C:resolution')).not.toHaveProperty('deadline');
    expect(documents.get('D:response')).toMatchObject({ state: 'stopped', cycles: [{ met: true, stoppedAt: '2026-11-30T09:20:00.000Z' }] });
    expect(documents.get('D:response')).not.toHaveProperty('nextFactAt');
    expect(documents.get('E:resolution')).toMatchObject({ measured: false, cycles: [] });
    expect(documents.get('E:resolution')).not.toHaveProperty('latestStartedAt');
    // Resolved late then restarted: the first cycle is kept, breached at 19:00, and still owes its breach fact.
    expect(documents.get('F:resolution')).toMatchObject({ cycle: 2, state: 'running', cycles: [{ cycle: 1, met: false, breachedAt: '2026-11-30T19:00:00.000Z' }, { cycle: 2, startedAt: '2026-11-30T20:30:00.000Z' }], nextFactAt: '2026-11-30T19:00:00.000Z' });
  });

  it('puts on the board what is breached or at risk at now, the most late first, then the closest', async () => {
    expect(lines(await findSlaBoard(store, { now: '2026-11-30T12:30:00.000Z' }, { limit: 10 }))).toEqual(['A:response breached 10:00', 'B:resolution at_risk 13:00']);
    expect(lines(await findSlaBoard(store, { now: '2026-11-30T16:00:00.000Z' }, { limit: 10 }))).toEqual(['A:response breached 10:00', 'B:resolution breached 13:00', 'A:resolution at_risk 17:00']);
    expect(lines(await findSlaBoard(store, { now: '2026-11-30T16:00:00.000Z', state: 'breached' }, { limit: 10 }))).toEqual(['A:response breached 10:00', 'B:resolution breached 13:00']);
    expect(lines(await findSlaBoard(store, { now: '2026-11-30T16:00:00.000Z', state: 'at_risk' }, { limit: 10 }))).toEqual(['A:resolution at_risk 17:00']);
  });

  it('narrows the board to a group or a priority, and tells how late each line is', async () => {
    const now = '2026-11-30T16:00:00.000Z';
    expect(lines(await findSlaBoard(store, { now, assignmentGroup: 'network' }, { limit: 10 }))).toEqual(['A:response breached 10:00', 'A:resolution at_risk 17:00']);
    expect(lines(await findSlaBoard(store, { now, assignmentGroup: ['network', 'desktop'], state: ['breached'] }, { limit: 10 }))).toEqual(['A:response breached 10:00', 'B:resolution breached 13:00']);
    expect(lines(await findSlaBoard(store, { now, metric: ['resolution'], state: ['at_risk', 'breached'] }, { limit: 10 }))).toEqual(['B:resolution breached 13:00', 'A:resolution at_risk 17:00']);
    const p1 = await findSlaBoard(store, { now, priority: 1 }, { limit: 10 });
    expect(p1.items).toEqual([{ incidentId: 'B', number: 'INC000B', metric: 'resolution', cycle: 1, state: 'breached', clock: 'running', priority: 1, assignmentGroup: 'desktop', policy: { name: 'standard', version: 2 }, targetMs: 4 * 3_600_000, deadline: '2026-11-30T13:00:00.000Z', lateByMs: 3 * 3_600_000 }]);
  });

  it("pages the board with a cursor that keeps the first page's instant, so no line moves while it is read", async () => {
    const first = await findSlaBoard(store, { now: '2026-11-30T16:00:00.000Z' }, { limit: 2 });
    expect(lines(first)).toEqual(['A:response breached 10:00', 'B:resolution breached 13:00']);
    const second = await findSlaBoard(store, { now: '2026-11-30T17:30:00.000Z' }, { limit: 2, cursor: first.nextCursor });
    expect([second.asOf, ...lines(second)]).toEqual(['2026-11-30T16:00:00.000Z', 'A:resolution at_risk 17:00']);
    expect(second.nextCursor).toBeNull();
    await expect(findSlaBoard(store, { now: '2026-11-30T16:00:00.000Z' }, { limit: 2, cursor: 'bm90IGEgY3Vyc29y' })).rejects.toThrow('The cursor is malformed');
    // A cursor claiming an instant later than now (a made-up board) is not one this query made.
    const forged = Buffer.from(JSON.stringify({ asOf: '2030-01-01T00:00:00.000Z', part: 'breached', cursor: null })).toString('base64url');
    await expect(findSlaBoard(store, { now: '2026-11-30T16:00:00.000Z' }, { limit: 2, cursor: forged })).rejects.toThrow('The cursor is malformed');
  });

  it('walks the whole board a line at a time across the breached part and the part at risk, losing and repeating nothing', async () => {
    const walked: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const found: Awaited<ReturnType<typeof findSlaBoard>> = await findSlaBoard(store, { now: '2026-11-30T16:00:00.000Z' }, { limit: 1, cursor });
      walked.push(...lines(found));
      cursor = found.nextCursor;
      if (cursor === null) break;
    }
    expect(walked).toEqual(['A:response breached 10:00', 'B:resolution breached 13:00', 'A:resolution at_risk 17:00']);
  });

  it('counts attainment over the cycles started in the period, per group, priority or policy', async () => {
    const report = await slaAttainment(store, { from: '2026-11-30T09:00:00.000Z', to: '2026-11-30T10:00:00.000Z', groupBy: 'group', now: '2026-11-30T16:00:00.000Z' });
    expect(report.rows).toEqual([
      { key: 'desktop', response: { met: 1, breached: 0, inProgress: 0, percentage: 100 }, resolution: { met: 0, breached: 1, inProgress: 0, percentage: 0 } },
      { key: 'network', response: { met: 2, breached: 1, inProgress: 0, percentage: 66.7 }, resolution: { met: 1, breached: 0, inProgress: 2, percentage: 100 } },
    ]);
    expect(report.total.resolution).toEqual({ met: 1, breached: 1, inProgress: 2, percentage: 50 });
    const byPolicy = await slaAttainment(store, { from: '2026-11-30T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', groupBy: 'policy', now: '2026-11-30T21:00:00.000Z' });
    // F's two cycles count apart: the first breached, the restarted one in progress.
    expect(byPolicy.rows).toEqual([{ key: 'standard@2', response: { met: 4, breached: 1, inProgress: 0, percentage: 80 }, resolution: { met: 1, breached: 3, inProgress: 2, percentage: 25 } }]);
    const byPriority = await slaAttainment(store, { from: '2026-11-30T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z', groupBy: 'priority', now: '2026-11-30T21:00:00.000Z' });
    expect(byPriority.rows.map((row) => row.key)).toEqual(['1', '3']);
  });

  it('lists for the watcher the clocks owing a fact, longest owed first, and forgets one once its fact is recorded', async () => {
    expect(await findSlaFactsOwed(store, '2026-11-30T12:30:00.000Z', 10)).toEqual([
      { incidentId: 'A', nextFactAt: '2026-11-30T09:45:00.000Z' },
      { incidentId: 'B', nextFactAt: '2026-11-30T12:00:00.000Z' },
    ]);
    const log = history();
    const about = { policy: { name: 'standard', version: 2 }, calendar: null, cycle: 1 };
    incidentHistory(log, 'A').deadlineFact('SlaBreached', { ...about, metric: 'response', targetMs: 3_600_000, dueAt: '2026-11-30T10:00:00.000Z' }, at('12:31'));
    incidentHistory(log, 'B').deadlineFact('SlaAtRisk', { ...about, metric: 'resolution', targetMs: 4 * 3_600_000, dueAt: '2026-11-30T13:00:00.000Z', atRiskPercent: 75, markAt: '2026-11-30T12:00:00.000Z' }, at('12:31'));
    const after = await readStoreAfter(slaClocksProjection, log.events);
    expect(await findSlaFactsOwed(after, '2026-11-30T12:32:00.000Z', 10)).toEqual([]);
    expect(await findSlaFactsOwed(after, '2026-11-30T13:00:01.000Z', 10)).toEqual([{ incidentId: 'B', nextFactAt: '2026-11-30T13:00:00.000Z' }]);
  });
});
