import { CI_RELATIONSHIP_TYPE_IDS, impactedBy, type CiInfo, type CiRelationship } from '@itsm/domain';
import { ciHistory } from '../configuration-items/testing/ci-test-history';
import { CONFIGURATION_ITEMS_KEY, type ConfigurationItemDocument } from '../configuration-items/configuration-item-document';
import { TestEventLog } from '../testing/test-event-log';
import { CI_RELATIONSHIP_EDGES_KEY, type CiRelationshipEdgeDocument } from './ci-relationship-edge';
import { findAll } from './find-all';
import { analyseImpact, findAffectedServices } from './impact-queries';
import { cmdbStoreAfter, type RecordingReadStore } from './testing/cmdb-store';

/** ci-N depends_on ci-(N-1): a failure of ci-0 travels up the whole chain. */
function chain(length: number, log = new TestEventLog()): TestEventLog {
  for (let i = 0; i <= length; i++) ciHistory(log, `ci-${i}`).registered();
  for (let i = 1; i <= length; i++) ciHistory(log, `ci-${i}`).related('depends_on', `ci-${i - 1}`);
  return log;
}

const edgeReads = (store: RecordingReadStore) => store.finds.filter((read) => read.collection === CI_RELATIONSHIP_EDGES_KEY);
const ciReads = (store: RecordingReadStore) => store.gets.filter((read) => read.collection === CONFIGURATION_ITEMS_KEY).flatMap((read) => read.ids);

describe('Impact analysis over the read store: one walk, linear in the graph it touches', () => {
  it('reads the failure edges into each level through the target index, and only the CIs it reaches', async () => {
    const log = chain(3);
    // An unrelated estate the walk has no business reading.
    for (let i = 0; i < 20; i++) ciHistory(log, `other-${i}`).registered();
    for (let i = 1; i < 20; i++) ciHistory(log, `other-${i}`).related('runs_on', `other-${i - 1}`);
    const store = await cmdbStoreAfter(log.events);
    expect((await analyseImpact(store, 'ci-0')).impacted.map((ci) => ci.ciId)).toEqual(['ci-1', 'ci-2', 'ci-3']);
    for (const { query } of edgeReads(store)) expect(query.filter).toMatchObject({ active: true, targetCiId: { $in: expect.any(Array) } });
    expect(edgeReads(store).length).toBeLessThanOrEqual(4);
    expect(new Set(ciReads(store))).toEqual(new Set(['ci-0', 'ci-1', 'ci-2', 'ci-3']));
  });

  it('answers a chain of 300 CIs in a size linear in its length, reading each CI once', async () => {
    const size = async (length: number) => JSON.stringify(await analyseImpact(await cmdbStoreAfter(chain(length).events), 'ci-0')).length;
    const store = await cmdbStoreAfter(chain(300).events);
    const impact = await analyseImpact(store, 'ci-0');
    expect(impact.impacted).toHaveLength(300);
    expect(impact.impacted.at(-1)).toMatchObject({ ciId: 'ci-300', depth: 300, via: { sourceCiId: 'ci-300', type: 'depends_on', targetCiId: 'ci-299' } });
    expect(ciReads(store)).toHaveLength(301);
    // Twice the chain, about twice the answer; a whole path per CI would make it four times.
    expect((await size(300)) / (await size(150))).toBeLessThan(2.2);
  });

  it('ends on a cycle through the failed CI, reporting each CI once', async () => {
    const log = chain(3);
    ciHistory(log, 'ci-0').related('depends_on', 'ci-3');
    const impact = await analyseImpact(await cmdbStoreAfter(log.events), 'ci-2');
    expect(impact.impacted.map((ci) => `${ci.ciId}@${ci.depth}`)).toEqual(['ci-3@1', 'ci-0@2', 'ci-1@3']);
  });

  it('neither reports nor walks through a retired CI, but reaches past it by another way', async () => {
    const log = chain(3);
    ciHistory(log, 'ci-1').retired();
    const store = await cmdbStoreAfter(log.events);
    expect((await analyseImpact(store, 'ci-0')).impacted).toEqual([]);
    ciHistory(log, 'ci-2').related('runs_on', 'ci-0');
    expect((await analyseImpact(await cmdbStoreAfter(log.events), 'ci-0')).impacted.map((ci) => ci.ciId)).toEqual(['ci-2', 'ci-3']);
  });

  it('stops with ci.impact_too_large past its cap, without reading the rest of the graph', async () => {
    const log = new TestEventLog();
    ciHistory(log, 'hub').registered({ ciClass: 'network_device' });
    for (let i = 0; i < 1200; i++) ciHistory(log, `leaf-${i}`).related('depends_on', 'hub');
    const store = await cmdbStoreAfter(log.events);
    await expect(analyseImpact(store, 'hub', { maxCis: 10 })).rejects.toMatchObject({
      code: 'ci.impact_too_large',
      kind: 'not_allowed',
      details: { maxCis: 10, failedCiIds: ['hub'] },
    });
    expect(edgeReads(store)).toHaveLength(1);
    expect(ciReads(store)).toEqual(['hub']);
    expect((await analyseImpact(store, 'hub', { maxCis: 1200 })).impacted).toHaveLength(1200);
  });
});

describe('Affected services of a change: one walk from all its CIs', () => {
  /** service → 4 apps → 200 servers (each app runs on 50), and a second service holding nothing. */
  function estate(): TestEventLog {
    const log = new TestEventLog();
    ciHistory(log, 'svc-pay').registered({ ciClass: 'service', criticality: 1 });
    ciHistory(log, 'svc-idle').registered({ ciClass: 'service', criticality: 4 });
    for (let a = 0; a < 4; a++) {
      ciHistory(log, `app-${a}`).registered({ ciClass: 'application' });
      ciHistory(log, 'svc-pay').related('contains', `app-${a}`);
      for (let s = 0; s < 50; s++) ciHistory(log, `app-${a}`).related('runs_on', `srv-${a * 50 + s}`);
    }
    for (let s = 0; s < 200; s++) ciHistory(log, `srv-${s}`).registered();
    return log;
  }
  const servers = Array.from({ length: 200 }, (_, s) => `srv-${s}`);

  it('finds the services among the CIs and those a failure of any of them reaches, by id', async () => {
    const store = await cmdbStoreAfter(estate().events);
    expect(await findAffectedServices(store, [...servers, 'svc-idle'])).toEqual([
      { ciId: 'svc-idle', name: 'svc-idle', criticality: 4 },
      { ciId: 'svc-pay', name: 'svc-pay', criticality: 1 },
    ]);
    expect(await findAffectedServices(store, [])).toEqual([]);
  });

  it('walks 200 CIs in as many reads as the graph has levels, not one walk per CI', async () => {
    const store = await cmdbStoreAfter(estate().events);
    await findAffectedServices(store, servers);
    // Servers → apps → the service → nothing further: three levels of edges, each within a page or two.
    expect(edgeReads(store).length).toBeLessThanOrEqual(6);
    expect(new Set(ciReads(store)).size).toBe(205);
  });

  it('stops with ci.impact_too_large when the CIs together reach more than the cap', async () => {
    const store = await cmdbStoreAfter(estate().events);
    await expect(findAffectedServices(store, servers, { maxCis: 4 })).rejects.toMatchObject({ code: 'ci.impact_too_large' });
    expect(await findAffectedServices(store, servers, { maxCis: 5 })).toHaveLength(1);
  });
});

describe('Impact analysis on random graphs (seeded)', () => {
  it('agrees with the in-memory analysis of the whole graph, and many CIs at once with the union of each alone', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = mulberry32(seed);
      const store = await cmdbStoreAfter(randomEstate(random).events);
      const edges = await findAll<CiRelationshipEdgeDocument>(store, CI_RELATIONSHIP_EDGES_KEY, { active: true });
      const documents = await findAll<ConfigurationItemDocument>(store, CONFIGURATION_ITEMS_KEY);
      const relationships: CiRelationship[] = edges.map(({ sourceCiId, type, targetCiId }) => ({ sourceCiId, type, targetCiId }));
      const info = new Map<string, CiInfo>(documents.map((ci) => [ci.id, { ciClass: ci.ciClass, status: ci.status }]));
      const services = new Set(documents.filter((ci) => ci.isService).map((ci) => ci.id));
      const failed = Array.from({ length: 1 + Math.floor(random() * 5) }, () => `ci-${Math.floor(random() * 30)}`);
      const union = new Set<string>();
      for (const ciId of failed) {
        const alone = await analyseImpact(store, ciId);
        expect({ seed, ciId, alone }).toEqual({ seed, ciId, alone: impactedBy(ciId, relationships, info) });
        if (services.has(ciId)) union.add(ciId);
        alone.services.forEach((ci) => union.add(ci.ciId));
      }
      const together = (await findAffectedServices(store, failed)).map((ci) => ci.ciId);
      expect({ seed, failed, together }).toEqual({ seed, failed, together: [...union].sort() });
    }
  });
});

/** 30 CIs, a third of them services, some retired; 60 relationships of every type, some removed again. */
function randomEstate(random: () => number): TestEventLog {
  const log = new TestEventLog();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  for (let i = 0; i < 30; i++) ciHistory(log, `ci-${i}`).registered({ ciClass: pick(['service', 'application', 'server']) });
  const added = new Set<string>();
  for (let n = 0; n < 60; n++) {
    const [source, target, type] = [`ci-${Math.floor(random() * 30)}`, `ci-${Math.floor(random() * 30)}`, pick(CI_RELATIONSHIP_TYPE_IDS)];
    const key = `${source}|${type}|${target}`;
    if (source === target || added.has(key)) continue;
    added.add(key);
    ciHistory(log, source).related(type, target);
    if (random() < 0.1) ciHistory(log, source).unrelated(type, target);
  }
  for (let i = 0; i < 30; i++) if (random() < 0.15) ciHistory(log, `ci-${i}`).retired();
  return log;
}

/** A small seeded generator, so a failing graph can be replayed from its seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
