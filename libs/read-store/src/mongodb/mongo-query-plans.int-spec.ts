import { MongoClient, type Document } from 'mongodb';
import { startMongoDouble, type MongoDouble } from '../../../../test/support/mongodb-double';
import type { FindQuery } from '../read-store';
import { TICKETS, position, ticket, type Ticket } from '../testing/contract-fixtures';
import { MongoReadStore } from './mongo-read-store';

/**
 * A page of a list, first or 15 pages deep, is read by seeking the compound index its filter and
 * sort name, examining about as many keys as the page holds, never the pages before it: checked on
 * the plan the server explains (executionStats), over the wire double and, when MONGO_URL is set,
 * over a real server too, which must answer the same.
 */
const REAL_SERVER = process.env.MONGO_URL;

interface PlanSummary {
  readonly stages: readonly string[];
  readonly indexes: readonly string[];
  readonly keysExamined: number;
  readonly docsExamined: number;
  readonly returned: number;
}

/** Every stage of the executed plan, whatever wraps it (PROJECTION_SIMPLE, SUBPLAN, LIMIT…). */
function stagesOf(stage: Document | undefined): Document[] {
  if (!stage) return [];
  const inputs = [stage.inputStage, ...((stage.inputStages as Document[] | undefined) ?? [])].filter(Boolean) as Document[];
  return [stage, ...inputs.flatMap(stagesOf)];
}

function summaryOf(explain: Document): PlanSummary {
  const stats = explain.executionStats as Document;
  const stages = stagesOf(stats.executionStages as Document);
  return {
    stages: [...new Set(stages.map((stage) => String(stage.stage)))],
    indexes: [...new Set(stages.filter((stage) => stage.stage === 'IXSCAN').map((stage) => String(stage.indexName)))],
    keysExamined: Number(stats.totalKeysExamined),
    docsExamined: Number(stats.totalDocsExamined),
    returned: Number(stats.nReturned),
  };
}

const TOTAL = 600;
const LIMIT = 10;
const DEEP = 15;
const BY_PRIORITY_THEN_AGE = [{ field: 'priority', direction: 'asc' as const }, { field: 'openedAt', direction: 'asc' as const }];
const STATUS_INDEX = 'status_1_priority_1_openedAt_1__id_1';

function manyOpenTickets(): Ticket[] {
  return Array.from({ length: TOTAL }, (_, i) =>
    ticket(`t${String(i).padStart(4, '0')}`, {
      status: ['open', 'on_hold', 'resolved'][i % 3]!,
      priority: (i % 4) + 1,
      openedAt: new Date(Date.UTC(2026, 0, 1) + ((i * 7919) % TOTAL) * 60_000).toISOString(),
    }),
  );
}

const SERVERS: [string, string | null][] = [['wire double', null], ...(REAL_SERVER ? [['real server', REAL_SERVER] as [string, string]] : [])];

describe.each(SERVERS)('MongoDB plans of list pages (%s)', (_label, realUrl) => {
  let double: MongoDouble | null = null;
  let store: MongoReadStore;
  const database = `plans_${process.pid}_${Date.now().toString(36)}`;

  beforeAll(async () => {
    double = realUrl ? null : await startMongoDouble();
    store = await MongoReadStore.connect({ url: realUrl ?? double!.url, database, serverSelectionTimeoutMs: 2000 });
    await store.ensureCollection(TICKETS);
    await store.applyBatch('plans', manyOpenTickets().map((document) => ({ collection: TICKETS.name, document })), position(TOTAL));
  });
  afterAll(async () => {
    if (realUrl) {
      const client = await new MongoClient(realUrl).connect();
      await client.db(database).dropDatabase();
      await client.close();
    }
    await store.close();
    await double?.stop();
  });

  /** The query of page `n` (1-based), with the cursor the pages before it handed out. */
  async function pageQuery(query: FindQuery, n: number): Promise<FindQuery> {
    let cursor: string | null = null;
    for (let page = 1; page < n; page++) cursor = (await store.find(TICKETS.name, { ...query, cursor })).nextCursor;
    return { ...query, cursor };
  }

  it.each<[string, { status: string | { $in: string[] } }]>([
    ['one status', { status: 'open' }],
    ['several statuses', { status: { $in: ['open', 'on_hold'] } }],
  ])('seeks the status index for %s, page 1 and page 15 alike, with no blocking sort', async (_name, filter) => {
    const query: FindQuery = { filter, sort: BY_PRIORITY_THEN_AGE, limit: LIMIT };
    const first = summaryOf(await store.explainFind(TICKETS.name, query));
    const deep = summaryOf(await store.explainFind(TICKETS.name, await pageQuery(query, DEEP)));
    for (const plan of [first, deep]) {
      expect(plan.indexes).toEqual([STATUS_INDEX]);
      expect(plan.stages).toContain('IXSCAN');
      expect(plan.stages).not.toContain('COLLSCAN');
      expect(plan.stages).not.toContain('SORT');
      expect(plan.returned).toBe(LIMIT + 1);
    }
    // A scan per value and per keyset branch may each read one key past its end: never a page more.
    const values = typeof filter.status === 'string' ? 1 : filter.status.$in.length;
    const scans = values * BY_PRIORITY_THEN_AGE.length + 1;
    expect(first.keysExamined).toBeLessThanOrEqual(LIMIT + 1 + scans);
    expect(deep.keysExamined).toBeLessThanOrEqual(LIMIT + 1 + 2 * scans);
    expect(deep.docsExamined).toBeLessThanOrEqual(LIMIT + 1 + 2 * scans);
  });

  it('scans the collection, and sorts it, for a field no index names, and says so', async () => {
    const plan = summaryOf(await store.explainFind(TICKETS.name, { filter: { title: 'Ticket t0042' }, sort: [{ field: 'title', direction: 'asc' }], limit: LIMIT }));
    expect(plan.stages).toEqual(expect.arrayContaining(['COLLSCAN', 'SORT']));
    expect(plan.indexes).toEqual([]);
    expect(plan.keysExamined).toBe(0);
    expect(plan.docsExamined).toBe(TOTAL);
    expect(plan.returned).toBe(1);
  });

  it('walks the whole id index for such a field in id order, every document examined', async () => {
    const plan = summaryOf(await store.explainFind(TICKETS.name, { filter: { title: 'Ticket t0042' }, limit: LIMIT }));
    expect(plan.indexes).toEqual(['_id_']);
    expect(plan.stages).not.toContain('SORT');
    expect(plan.keysExamined).toBe(TOTAL);
    expect(plan.docsExamined).toBe(TOTAL);
  });

  it('finds on a page 15 deep exactly what the pages before it leave, in order', async () => {
    const query: FindQuery = { filter: { status: { $in: ['open', 'on_hold'] } }, sort: BY_PRIORITY_THEN_AGE, limit: LIMIT };
    const everything = await store.find<Ticket>(TICKETS.name, { ...query, limit: TOTAL });
    const deep = await store.find<Ticket>(TICKETS.name, await pageQuery(query, DEEP));
    expect(deep.items.map(({ id }) => id)).toEqual(everything.items.slice((DEEP - 1) * LIMIT, DEEP * LIMIT).map(({ id }) => id));
  });
});
