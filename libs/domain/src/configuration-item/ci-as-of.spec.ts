import { ciRegistered, event } from '../testing/configuration-item-fixtures';
import {
  ciInfoOf,
  configurationItemAsOf,
  configurationItemsAsOf,
  relationshipsAsOf,
  relationshipsOf,
  type CiHistoryEntry,
} from './ci-as-of';
import type { ConfigurationItemEvent } from './ci-events';
import { impactedBy } from './ci-impact';
import type { CiRelationshipType } from './ci-relationship-types';

const day = (n: number) => `2025-03-${String(n).padStart(2, '0')}T12:00:00.000Z`;
const on = (n: number, ciId: string, e: ConfigurationItemEvent): CiHistoryEntry => ({ ciId, event: e, occurredAt: day(n) });

const registered = (ciId: string, ciClass: string) =>
  ciRegistered({ name: ciId, normalisedName: ciId, ciClass, attributes: { cpu_count: 4 } }, ciId);
const added = (ciId: string, type: CiRelationshipType, targetCiId: string) =>
  event('ConfigurationItemRelationshipAdded', { type, targetCiId }, ciId);
const removed = (ciId: string, type: CiRelationshipType, targetCiId: string) =>
  event('ConfigurationItemRelationshipRemoved', { type, targetCiId }, ciId);

// app runs_on web-01 from the 2nd to the 5th and again from the 8th; it depends_on db from the 3rd.
const history: readonly CiHistoryEntry[] = [
  on(1, 'web-01', registered('web-01', 'server')),
  on(1, 'db', registered('db', 'database')),
  on(2, 'app', registered('app', 'application')),
  on(2, 'app', added('app', 'runs_on', 'web-01')),
  on(3, 'app', added('app', 'depends_on', 'db')),
  on(4, 'web-01', event('ConfigurationItemAttributesUpdated', { set: { cpu_count: 8, os: 'Debian 12' }, unset: [] }, 'web-01')),
  on(5, 'app', removed('app', 'runs_on', 'web-01')),
  on(6, 'web-01', event('ConfigurationItemAttributesUpdated', { set: {}, unset: ['os'] }, 'web-01')),
  on(7, 'db', event('ConfigurationItemRetired', { normalisedName: 'db', previousStatus: 'in_use', reason: 'Migrated' }, 'db')),
  on(8, 'app', added('app', 'runs_on', 'web-01')),
];

const edges = (instant: string) => relationshipsAsOf(history, instant).map((r) => `${r.sourceCiId} ${r.type} ${r.targetCiId}`);

describe('The CMDB graph as of an instant', () => {
  it('holds the relationships added and not removed by then', () => {
    expect(edges(day(1))).toEqual([]);
    expect(edges(day(2))).toEqual(['app runs_on web-01']);
    expect(edges(day(4))).toEqual(['app runs_on web-01', 'app depends_on db']);
  });

  it('drops a relationship from its removal, and has it back from its re-adding', () => {
    expect(edges(day(5))).toEqual(['app depends_on db']);
    expect(edges('2025-03-07T23:59:59.999Z')).toEqual(['app depends_on db']);
    expect(edges(day(8))).toEqual(['app depends_on db', 'app runs_on web-01']);
  });

  it('includes the facts recorded at exactly the instant, and none a millisecond later', () => {
    expect(edges('2025-03-02T11:59:59.999Z')).toEqual([]);
    expect(edges('2025-03-02T12:00:00.000Z')).toEqual(['app runs_on web-01']);
  });

  it('compares instants as points in time, whatever their offset', () => {
    expect(edges('2025-03-02T13:00:00+01:00')).toEqual(['app runs_on web-01']);
  });

  it('keeps the relationships of a retired CI, which impact analysis then skips', () => {
    const items = configurationItemsAsOf(history, day(8));
    expect(ciInfoOf(items).get('db')).toEqual({ ciClass: 'database', status: 'retired' });
    expect(impactedBy('db', relationshipsOf(items), ciInfoOf(items)).impacted.map((ci) => ci.ciId)).toEqual(['app']);
    const before = configurationItemsAsOf(history, day(6));
    expect(ciInfoOf(before).get('db')).toEqual({ ciClass: 'database', status: 'in_use' });
  });

  it('answers impact analysis as it would have been then', () => {
    const impactOfWeb = (n: number) => {
      const items = configurationItemsAsOf(history, day(n));
      return impactedBy('web-01', relationshipsOf(items), ciInfoOf(items)).impacted.map((ci) => ci.ciId);
    };
    expect(impactOfWeb(4)).toEqual(['app']);
    expect(impactOfWeb(6)).toEqual([]);
  });

  it('refuses an instant that is not one', () => {
    expect(() => relationshipsAsOf(history, 'last tuesday')).toThrow(RangeError);
  });
});

describe('A configuration item as of an instant', () => {
  it('has the attributes recorded by then', () => {
    expect(configurationItemAsOf(history, 'web-01', day(3))).toMatchObject({ attributes: { cpu_count: 4 } });
    expect(configurationItemAsOf(history, 'web-01', day(4))).toMatchObject({ attributes: { cpu_count: 8, os: 'Debian 12' } });
    expect(configurationItemAsOf(history, 'web-01', day(6))).toMatchObject({ attributes: { cpu_count: 8 } });
    expect(configurationItemAsOf(history, 'web-01', day(6))).not.toHaveProperty('attributes.os');
  });

  it('is unregistered before its registration, and absent from the CMDB then', () => {
    expect(configurationItemAsOf(history, 'app', day(1))).toEqual({ status: 'none' });
    expect([...configurationItemsAsOf(history, day(1)).keys()]).toEqual(['web-01', 'db']);
  });

  it('is retired from its retirement, keeping what it was', () => {
    expect(configurationItemAsOf(history, 'db', day(6))).toMatchObject({ status: 'in_use' });
    expect(configurationItemAsOf(history, 'db', day(7))).toMatchObject({ status: 'retired', ciClass: 'database', retiredReason: 'Migrated' });
  });
});
