import { configurationItemStream, type ConfigurationItemEvent } from '@itsm/domain';
import { sealEvents, type EventStore, type Json, type RecordedEvent } from '@itsm/event-store';
import { openEventStore, openReadStore } from '@itsm/platform';
import { CI_RELATIONSHIP_EDGES_COLLECTION, CONFIGURATION_ITEMS_COLLECTION, cmdbRelationshipsProjection, configurationItemsProjection, projectionKey } from '@itsm/projections';
import type { ReadStore, StoredDocument } from '@itsm/read-store';
import { ciHistory } from '../../../../libs/projections/src/configuration-items/testing/ci-test-history';
import { replay } from '../../../../libs/projections/src/testing/replay';
import { TestEventLog } from '../../../../libs/projections/src/testing/test-event-log';
import { InProcessApp } from '../../../../test/support/in-process-app';
import { QueryApiModule } from '../query-api.module';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const SERVICE = uuid(999_999);
const HUB = uuid(888_888);

/** The CMDB read models as the projector would leave them, written straight into the app's read store. */
async function land(reads: ReadStore, events: readonly RecordedEvent[]): Promise<void> {
  for (const projection of [configurationItemsProjection, cmdbRelationshipsProjection]) {
    const documents = [...replay(projection as never, [events]).values()] as StoredDocument[];
    await reads.applyBatch(projectionKey(projection), documents.map((document) => ({ collection: projection.collection.name, document })), events.at(-1)!.position);
  }
}

/** uuid(0) ← uuid(1) ← … ← uuid(300), each depending on the one before; SERVICE contains uuid(300). */
function chainOf300(log: TestEventLog): void {
  for (let i = 0; i <= 300; i++) ciHistory(log, uuid(i)).registered();
  for (let i = 1; i <= 300; i++) ciHistory(log, uuid(i)).related('depends_on', uuid(i - 1));
  ciHistory(log, SERVICE).registered({ ciClass: 'service' });
  ciHistory(log, SERVICE).related('contains', uuid(300));
}

/** HUB with 45 CIs depending on it. */
function hubOf45(log: TestEventLog): void {
  ciHistory(log, HUB).registered({ ciClass: 'network_device' });
  for (let i = 0; i < 45; i++) ciHistory(log, uuid(1000 + i)).related('depends_on', HUB);
}

describe('CMDB queries that page what grows: impact, relationships, history', () => {
  let api: InProcessApp;
  let reads: ReadStore;
  let events: EventStore;
  const log = new TestEventLog();
  const get = (url: string) => api.request('GET', url, { token: api.token('audrey', 'auditor') });

  beforeAll(async () => {
    api = await InProcessApp.start((config) => QueryApiModule.register(config));
    reads = await openReadStore(api.config, 'read-write');
    events = await openEventStore(api.config);
    chainOf300(log);
    hubOf45(log);
    await land(reads, log.events);
  });
  afterAll(async () => {
    await reads.close();
    await events.close();
    await api.stop();
  });

  it('pages the impact of a failure along a chain of 300 CIs, nearest first, each page small', async () => {
    const pages = [];
    let cursor: string | null = null;
    do {
      const answer = await get(`/cis/${uuid(0)}/impact?limit=120${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      expect(JSON.stringify(answer.body).length).toBeLessThan(60_000);
      pages.push(answer.body);
      cursor = answer.body.nextCursor;
    } while (cursor !== null);
    expect(pages.map((page) => page.impacted.length)).toEqual([120, 120, 61]);
    expect(pages[0]).toMatchObject({ failedCiId: uuid(0), total: 301, services: [{ ciId: SERVICE, depth: 301 }] });
    const impacted = pages.flatMap((page) => page.impacted);
    expect(impacted.map((ci) => ci.depth)).toEqual(Array.from({ length: 301 }, (_, i) => i + 1));
    expect(impacted[0]).toEqual({ ciId: uuid(1), ciClass: 'server', status: 'in_use', depth: 1, via: { sourceCiId: uuid(1), type: 'depends_on', targetCiId: uuid(0) } });
  });

  it('answers the whole path to one impacted CI on request', async () => {
    const answer = await get(`/cis/${uuid(0)}/impact?limit=1&pathTo=${SERVICE}`);
    expect(answer.body.path).toHaveLength(301);
    expect(answer.body.path[0]).toEqual({ sourceCiId: uuid(1), type: 'depends_on', targetCiId: uuid(0) });
    expect(answer.body.path.at(-1)).toEqual({ sourceCiId: SERVICE, type: 'contains', targetCiId: uuid(300) });
    expect((await get(`/cis/${uuid(300)}/impact?pathTo=${uuid(0)}`)).body).toMatchObject({ total: 1, path: null });
  });

  it('refuses a failure that reaches more CIs than one analysis may walk: 422 naming the CI', async () => {
    // 10,001 servers run on one host; only the edges are needed (a CI the store does not know is still reached).
    const star = new TestEventLog({ startAt: '2026-01-01T00:00:00.000Z' });
    ciHistory(star, uuid(500_000)).registered();
    for (let i = 1; i <= 10_001; i++) ciHistory(star, uuid(500_000 + i)).related('runs_on', uuid(500_000));
    const position = log.events.at(-1)!.position;
    const host = replay(configurationItemsProjection, [star.events.slice(0, 1)]).get(uuid(500_000))!;
    const edges = [...replay(cmdbRelationshipsProjection, [star.events]).values()];
    await reads.applyBatch(projectionKey(configurationItemsProjection), [{ collection: CONFIGURATION_ITEMS_COLLECTION.name, document: host }], position);
    await reads.applyBatch(projectionKey(cmdbRelationshipsProjection), edges.map((document) => ({ collection: CI_RELATIONSHIP_EDGES_COLLECTION.name, document })), position);
    const answer = await get(`/cis/${uuid(500_000)}/impact`);
    expect(answer.status).toBe(422);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ code: 'ci.impact_too_large', errors: [{ field: 'id', reason: expect.stringContaining('10000') }] });
  });

  it.each([
    [`/cis/${uuid(0)}/impact?cursor=not-a-cursor`, 'cursor'],
    [`/cis/${uuid(0)}/impact?limit=500`, 'limit'],
    [`/cis/${uuid(0)}/impact?pathTo=web-01`, 'pathTo'],
    [`/cis/${HUB}/relationships`, 'direction'],
    [`/cis/${HUB}/relationships?direction=inbound`, 'direction'],
    [`/cis/${HUB}/relationships?direction=incoming&cursor=nope`, 'cursor'],
    [`/cis/${HUB}/history?cursor=-1`, 'cursor'],
  ])('400 naming the parameter for %s', async (url, field) => {
    const answer = await get(url);
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it("shows a CI with its relationship counts and the first few each way, and pages the rest", async () => {
    const hub = await get(`/cis/${HUB}`);
    expect(hub.body).toMatchObject({ id: HUB, relationshipCounts: { outgoing: 0, incoming: 45 }, openIncidents: [], openChanges: [] });
    expect(hub.body.relationships).toHaveLength(20);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(`/cis/${HUB}/relationships?direction=incoming&limit=20${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((item: { otherCiId: string; label: string }) => `${item.label} ${item.otherCiId}`));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(Array.from({ length: 45 }, (_, i) => `Used by ${uuid(1000 + i)}`));
    expect((await get(`/cis/${uuid(1)}/relationships?direction=outgoing`)).body).toEqual({
      items: [{ type: 'depends_on', direction: 'outgoing', label: 'Depends on', otherCiId: uuid(0) }],
      nextCursor: null,
    });
    expect((await get(`/cis/${uuid(777_777)}/relationships?direction=incoming`)).status).toBe(404);
  });

  it("pages a CI's history from the log, either way", async () => {
    const ci = uuid(700_000);
    const history = new TestEventLog();
    ciHistory(history, ci).registered();
    for (let i = 0; i < 4; i++) ciHistory(history, ci).attributesUpdated({ patch: i });
    const sealed = sealEvents({
      stream: configurationItemStream(ci),
      events: history.events.map((event) => ({ type: event.type as ConfigurationItemEvent['type'], data: event.data as Json })),
      previousHash: null,
      schemaVersion: 1,
      context: { actor: 'ops.olga', occurredAt: '2026-03-02T08:00:00.000Z', commandId: 'seed-history', commandType: 'Seed', correlationId: 'seed', causationId: 'seed' },
    });
    await events.append(configurationItemStream(ci), sealed, 'no_stream');
    const first = await get(`/cis/${ci}/history?limit=2`);
    expect(first.body).toMatchObject({ nextCursor: expect.any(String) });
    expect(first.body.items.map((e: { revision: number }) => e.revision)).toEqual([0, 1]);
    const second = await get(`/cis/${ci}/history?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: { revision: number }) => e.revision)).toEqual([2, 3]);
    const newest = await get(`/cis/${ci}/history?limit=3&order=desc`);
    expect(newest.body.items.map((e: { revision: number }) => e.revision)).toEqual([4, 3, 2]);
    expect((await get(`/cis/${ci}/history?limit=3&order=desc&cursor=${newest.body.nextCursor}`)).body).toMatchObject({ nextCursor: null, items: [{ revision: 1 }, { revision: 0, actor: 'ops.olga' }] });
    expect((await get(`/cis/${uuid(777_777)}/history`)).status).toBe(404);
  });
});
