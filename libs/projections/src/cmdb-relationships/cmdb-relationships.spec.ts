import { impactPath } from '@itsm/domain';
import { ciHistory } from '../configuration-items/testing/ci-test-history';
import { replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { cmdbRelationshipsProjection } from './cmdb-relationships-projection';
import { findFailureEdgesTouching, findServiceComponents } from './cmdb-relationships-queries';
import { analyseImpact } from './impact-queries';
import { cmdbStoreAfter as storeAfter } from './testing/cmdb-store';

/** service → app → server → db, the app also connected to a switch, and a cycle db depends_on app. */
function estate(): TestEventLog {
  const log = new TestEventLog();
  ciHistory(log, 'SVC').registered({ ciClass: 'service' });
  ciHistory(log, 'APP').registered({ ciClass: 'application' });
  ciHistory(log, 'SRV').registered({ ciClass: 'server' });
  ciHistory(log, 'DB').registered({ ciClass: 'database' });
  ciHistory(log, 'SW').registered({ ciClass: 'network_device' });
  ciHistory(log, 'SVC').related('contains', 'APP');
  ciHistory(log, 'APP').related('runs_on', 'SRV');
  ciHistory(log, 'SRV').related('depends_on', 'DB');
  ciHistory(log, 'DB').related('depends_on', 'APP');
  ciHistory(log, 'APP').related('connects_to', 'SW');
  return log;
}

describe('CMDB relationship edges', () => {
  it('keeps a tombstone for a removed edge', () => {
    const log = estate();
    ciHistory(log, 'APP').unrelated('runs_on', 'SRV');
    expect(replay(cmdbRelationshipsProjection, [log.events]).get('APP|runs_on|SRV')).toMatchObject({ active: false, sourceCiId: 'APP', targetCiId: 'SRV' });
  });

  it('keeps exactly when an edge was added and removed, and a re-added edge as new', () => {
    const log = estate(); // the runs_on edge was added at 09:06
    const removed = ciHistory(log, 'APP').unrelated('runs_on', 'SRV'); // 09:10
    const edge = () => replay(cmdbRelationshipsProjection, [log.events]).get('APP|runs_on|SRV');
    const id = 'APP|runs_on|SRV';
    const base = { id, sourceCiId: 'APP', type: 'runs_on', targetCiId: 'SRV' };
    expect(edge()).toEqual({ ...base, _position: removed.position, active: false, addedAt: '2024-03-01T09:06:00.000Z', removedAt: '2024-03-01T09:10:00.000Z' });
    const added = ciHistory(log, 'APP').related('runs_on', 'SRV'); // 09:11
    expect(edge()).toEqual({ ...base, _position: added.position, active: true, addedAt: '2024-03-01T09:11:00.000Z', removedAt: null });
  });

  it('marks nothing for the removal of an edge never added', () => {
    const log = estate();
    ciHistory(log, 'SW').unrelated('runs_on', 'SRV');
    expect(replay(cmdbRelationshipsProjection, [log.events]).has('SW|runs_on|SRV')).toBe(false);
  });

  it('finds the failure edges touching some CIs, leaving out connects_to and removed edges', async () => {
    const log = estate();
    ciHistory(log, 'SRV').unrelated('depends_on', 'DB');
    const store = await storeAfter(log.events);
    const edges = await findFailureEdgesTouching(store, ['APP']);
    expect(edges).toEqual(expect.arrayContaining([{ from: 'SVC', to: 'APP' }, { from: 'APP', to: 'SRV' }, { from: 'DB', to: 'APP' }]));
    expect(edges).toHaveLength(3);
    expect(await findFailureEdgesTouching(store, [])).toEqual([]);
  });

  it('analyses impact over the graph, through a cycle, reporting services apart', async () => {
    const store = await storeAfter(estate().events);
    const impact = await analyseImpact(store, 'DB');
    expect(impact.impacted.map(({ ciId, depth }) => [ciId, depth])).toEqual([['SRV', 1], ['APP', 2], ['SVC', 3]]);
    expect(impact.services.map((ci) => ci.ciId)).toEqual(['SVC']);
    expect(impactPath(impact.impacted, 'SVC')?.map((edge) => edge.sourceCiId)).toEqual(['SRV', 'APP', 'SVC']);
  });

  it("finds what a service is built on, through the cycle, but not what merely talks to it", async () => {
    const store = await storeAfter(estate().events);
    expect((await findServiceComponents(store, 'SVC')).sort()).toEqual(['APP', 'DB', 'SRV', 'SVC']);
    // Nothing is built under the switch; connects_to carries no failure.
    expect(await findServiceComponents(store, 'SW')).toEqual(['SW']);
    // From the server down: the database, then (the cycle) the application and its server again.
    expect((await findServiceComponents(store, 'SRV')).sort()).toEqual(['APP', 'DB', 'SRV']);
  });

  it('stops finding what a service is built on past the cap', async () => {
    const store = await storeAfter(estate().events);
    await expect(findServiceComponents(store, 'SVC', { maxCis: 2 })).rejects.toMatchObject({ code: 'ci.impact_too_large', kind: 'not_allowed' });
    expect(await findServiceComponents(store, 'SVC', { maxCis: 3 })).toHaveLength(4);
  });
});
