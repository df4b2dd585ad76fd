import { DEFAULT_CI_CLASS_CATALOGUE, type CiStatus } from './ci-classes';
import { impactedBy, impactPath, type CiInfo } from './ci-impact';
import type { CiRelationship, CiRelationshipType } from './ci-relationship-types';

const rel = (sourceCiId: string, type: CiRelationshipType, targetCiId: string): CiRelationship => ({ sourceCiId, type, targetCiId });

const info = (entries: Record<string, string | [string, CiStatus]>): ReadonlyMap<string, CiInfo> =>
  new Map(
    Object.entries(entries).map(([id, value]) => {
      const [ciClass, status] = Array.isArray(value) ? value : [value, 'in_use' as const];
      return [id, { ciClass, status }];
    }),
  );

/** The answer as `id@depth`, nearest first: compact enough to read the graph from the spec. */
const reached = (failed: string, relationships: readonly CiRelationship[], ciInfo = info({})) =>
  impactedBy(failed, relationships, ciInfo).impacted.map((ci) => `${ci.ciId}@${ci.depth}`);

describe('Impact analysis: what a failure affects', () => {
  // shop (service) depends_on shop-app; shop-app runs_on web-01 and depends_on shop-db.
  const shop = [rel('shop', 'depends_on', 'shop-app'), rel('shop-app', 'runs_on', 'web-01'), rel('shop-app', 'depends_on', 'shop-db')];
  const shopInfo = info({ shop: 'service', 'shop-app': 'application', 'web-01': 'server', 'shop-db': 'database' });

  it('follows a chain transitively, giving each CI its depth and the hop that reached it', () => {
    const analysis = impactedBy('web-01', shop, shopInfo);
    expect(analysis.impacted).toEqual([
      { ciId: 'shop-app', ciClass: 'application', status: 'in_use', depth: 1, via: shop[1] },
      { ciId: 'shop', ciClass: 'service', status: 'in_use', depth: 2, via: shop[0] },
    ]);
    expect(analysis.failedCiId).toBe('web-01');
  });

  it('rebuilds the whole path of one impacted CI from the hops, and none for a CI not reached', () => {
    const { impacted } = impactedBy('web-01', shop, shopInfo);
    expect(impactPath(impacted, 'shop')).toEqual([shop[1], shop[0]]);
    expect(impactPath(impacted, 'shop-app')).toEqual([shop[1]]);
    expect(impactPath(impacted, 'shop-db')).toBeNull();
  });

  it('answers a chain of 300 CIs in a size linear in its length, not quadratic', () => {
    const chain = (length: number) => Array.from({ length }, (_, i) => rel(`ci-${i + 1}`, 'depends_on', `ci-${i}`));
    const size = (length: number) => JSON.stringify(impactedBy('ci-0', chain(length), info({}))).length;
    expect(impactedBy('ci-0', chain(300), info({})).impacted).toHaveLength(300);
    // Twice the chain, about twice the answer; a whole path per CI would make it four times.
    expect(size(300) / size(150)).toBeLessThan(2.2);
  });

  it('identifies the affected services by the class catalogue', () => {
    expect(impactedBy('shop-db', shop, shopInfo).services.map((ci) => ci.ciId)).toEqual(['shop']);
    const own = { version: 'own', classes: [{ id: 'application', label: 'Application', service: true }] };
    expect(impactedBy('shop-db', shop, shopInfo, own).services.map((ci) => ci.ciId)).toEqual(['shop-app']);
  });

  it('does not travel towards what the failed CI depends on', () => {
    expect(reached('shop', shop, shopInfo)).toEqual([]);
    expect(reached('shop-app', shop, shopInfo)).toEqual(['shop@1']);
  });

  it('reports each CI of a diamond once, at its shortest depth, through the path whose ids sort first', () => {
    const diamond = [rel('a', 'depends_on', 'b'), rel('a', 'depends_on', 'c'), rel('b', 'depends_on', 'd'), rel('c', 'depends_on', 'd')];
    const analysis = impactedBy('d', diamond, info({}));
    expect(analysis.impacted.map((ci) => `${ci.ciId}@${ci.depth}`)).toEqual(['b@1', 'c@1', 'a@2']);
    expect(impactPath(analysis.impacted, 'a')).toEqual([rel('b', 'depends_on', 'd'), rel('a', 'depends_on', 'b')]);
    expect(impactedBy('d', [...diamond].reverse(), info({}))).toEqual(analysis);
  });

  it('prefers a direct dependency to a longer way round', () => {
    expect(reached('d', [rel('a', 'depends_on', 'b'), rel('b', 'depends_on', 'd'), rel('a', 'depends_on', 'd')])).toEqual(['a@1', 'b@1']);
  });

  it('terminates on cycles, including one through the failed CI', () => {
    const cycle = [rel('a', 'depends_on', 'b'), rel('b', 'depends_on', 'a'), rel('c', 'depends_on', 'a')];
    expect(reached('b', cycle)).toEqual(['a@1', 'c@2']);
    const loop = [rel('y', 'depends_on', 'f'), rel('y', 'depends_on', 'z'), rel('z', 'depends_on', 'y')];
    expect(reached('f', loop)).toEqual(['y@1', 'z@2']);
  });

  it('impacts a container when a member fails, but not the members when the container fails', () => {
    const cluster = [rel('db-cluster', 'contains', 'db-node-1'), rel('db-cluster', 'contains', 'db-node-2'), rel('erp', 'depends_on', 'db-cluster')];
    expect(reached('db-node-1', cluster)).toEqual(['db-cluster@1', 'erp@2']);
    expect(reached('db-cluster', cluster)).toEqual(['erp@1']);
  });

  it('does not propagate along connects_to, in either direction', () => {
    const wired = [rel('web-01', 'connects_to', 'core-switch'), rel('core-switch', 'connects_to', 'web-02')];
    expect(reached('core-switch', wired)).toEqual([]);
    expect(reached('web-01', wired)).toEqual([]);
  });

  it('follows depends_on and runs_on from one CI alike, keeping each dependant once', () => {
    expect(reached('host', [rel('vm', 'runs_on', 'host'), rel('vm', 'depends_on', 'host'), rel('app', 'runs_on', 'vm')])).toEqual([
      'vm@1',
      'app@2',
    ]);
  });

  it('neither reports nor walks through a retired CI', () => {
    const graph = [rel('old-app', 'runs_on', 'web-01'), rel('portal', 'depends_on', 'old-app'), rel('new-app', 'runs_on', 'web-01')];
    const states = info({ 'old-app': ['application', 'retired'], 'new-app': ['application', 'planned'], portal: 'service' });
    const analysis = impactedBy('web-01', graph, states);
    expect(analysis.impacted.map((ci) => [ci.ciId, ci.status])).toEqual([['new-app', 'planned']]);
    expect(analysis.services).toEqual([]);
  });

  it('reports and walks through a CI the info does not know, with its class and status unknown', () => {
    const analysis = impactedBy('db', [rel('ghost', 'depends_on', 'db'), rel('svc', 'depends_on', 'ghost')], info({ svc: 'service' }));
    expect(analysis.impacted.map((ci) => [ci.ciId, ci.ciClass, ci.status])).toEqual([
      ['ghost', null, null],
      ['svc', 'service', 'in_use'],
    ]);
  });

  it('always gives a depth equal to the length of the path, each hop continuing the last', () => {
    const graph = [...shop, rel('portal', 'depends_on', 'shop'), rel('shop-db', 'runs_on', 'san-01')];
    const { impacted } = impactedBy('san-01', graph, shopInfo, DEFAULT_CI_CLASS_CATALOGUE);
    expect(impacted.map((ci) => ci.ciId)).toEqual(['shop-db', 'shop-app', 'shop', 'portal']);
    for (const ci of impacted) {
      const path = impactPath(impacted, ci.ciId) ?? [];
      expect(path).toHaveLength(ci.depth);
      expect(path[0]?.targetCiId).toBe('san-01');
      expect(path.at(-1)).toEqual(ci.via);
      expect(ci.via.sourceCiId).toBe(ci.ciId);
      path.slice(1).forEach((hop, i) => expect(hop.targetCiId).toBe(path[i]?.sourceCiId));
    }
  });

  it('finds nothing for a CI nothing depends on', () => {
    expect(impactedBy('lonely', shop, shopInfo)).toEqual({ failedCiId: 'lonely', impacted: [], services: [] });
  });
});
