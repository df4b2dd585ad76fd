import { MongoClient } from 'mongodb';
import { startMongoDouble, type MongoDouble } from '../../../../test/support/mongodb-double';
import type { Filter, ReadStore, SortKey, StoredDocument } from '../read-store';
import { TICKETS, position } from '../testing/contract-fixtures';
import { SqliteReadStore } from '../sqlite/sqlite-read-store';
import { MongoReadStore } from './mongo-read-store';

/**
 * The same random documents and queries must give the same pages, item for item and cursor for
 * cursor, from SQLite and from MongoDB: what a client sees cannot depend on the configured store.
 * Values include nulls, missing fields, ties, booleans, numbers with fractions, accents, `$`, and
 * characters whose UTF-8 order differs from their UTF-16 order (U+FFFD, emoji); filters include ranges.
 * Over the wire double by default; over a real server too when MONGO_URL is set.
 */
interface RandomDocument extends StoredDocument {
  readonly [field: string]: unknown;
}

/** A small seeded generator (mulberry32), so that a failure can be replayed. */
function randomGenerator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomDocuments(count: number, seed: number): RandomDocument[] {
  const random = randomGenerator(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const score = pick([null, undefined, 0, 1, 1.5, -2, 10, 2.25]);
    const site = pick([undefined, null, 'hq', 'Hq', 'annexe', 'énergie', '$site', '\uFFFD', '\u{1F600}', '\u{1F600}!']);
    return {
      id: `d${String(Math.floor(random() * 1e6)).padStart(6, '0')}-${i}`,
      _position: position(i + 1),
      status: pick(['open', 'on_hold', 'resolved', 'Open']),
      priority: pick([1, 2, 3]),
      active: random() < 0.7,
      openedAt: `2024-0${pick([1, 2, 3])}-0${pick([1, 2, 3, 4])}T00:00:00.000Z`,
      ...(score === undefined ? {} : { score }),
      owner: { team: pick(['network', 'desktop', 'db']), ...(site === undefined ? {} : { site }) },
    };
  });
}

const asc = (field: string): SortKey => ({ field, direction: 'asc' });
const desc = (field: string): SortKey => ({ field, direction: 'desc' });

const SORTS: readonly (readonly SortKey[])[] = [
  [],
  [asc('status'), asc('priority')],
  [desc('priority'), asc('openedAt')],
  [asc('score'), desc('openedAt')],
  [desc('score')],
  [asc('owner.site'), desc('owner.team')],
  [desc('active'), asc('score'), desc('id')],
  [asc('_position')],
  [desc('_position')],
];
const FILTERS: readonly Filter[] = [
  {},
  { status: 'open' },
  { status: { $in: ['open', 'on_hold'] }, active: true },
  { score: null },
  { 'owner.site': { $in: [null, 'hq', '$site'] }, priority: { $in: [1, 3] } },
  { score: { $in: [1, 1.5, -2] } },
  { openedAt: { $gte: '2024-02-01T00:00:00.000Z', $lt: '2024-03-02T00:00:00.000Z' } },
  { score: { $gt: 0 } },
  { score: { $gte: -2, $lte: 1.5 }, active: true },
  { 'owner.site': { $gt: 'Hq' } },
  { 'owner.site': { $gte: '\uFFFD', $lt: '\u{1F600}!' } },
  { status: { $lt: 'open' }, priority: { $in: [1, 2] } },
  { id: { $gte: 'd5' } },
  { priority: { $gt: '1' } },
  // The store's own position stamp, as a record's past reads it (a change's conflict mentions up to a point).
  { status: 'open', _position: { $lte: position(120) } },
  { _position: { $gt: position(40), $lt: position(90) } },
];

async function allPages(store: ReadStore, filter: Filter, sort: readonly SortKey[], limit: number): Promise<unknown[]> {
  const pages: unknown[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: StoredDocument[]; nextCursor: string | null } = await store.find(TICKETS.name, { filter, sort, limit, cursor });
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return pages;
}

const servers: [string, () => string][] = [['wire double', () => double.url]];
if (process.env.MONGO_URL) servers.push(['real server', () => process.env.MONGO_URL as string]);
let double: MongoDouble;
beforeAll(async () => (double = await startMongoDouble()));
afterAll(async () => double.stop());

describe.each(servers)('SQLite and MongoDB (%s) answer alike', (_label, urlOf) => {
  const documents = randomDocuments(60, 20240601);
  const database = `eq_${process.pid}_${Date.now().toString(36)}`;
  let sqlite: ReadStore;
  let mongo: MongoReadStore;

  beforeAll(async () => {
    sqlite = new SqliteReadStore({ filename: ':memory:' });
    mongo = await MongoReadStore.connect({ url: urlOf(), database, serverSelectionTimeoutMs: 2000 });
    for (const store of [sqlite, mongo]) {
      await store.ensureCollection(TICKETS);
      await store.applyBatch('eq', documents.map((document) => ({ collection: TICKETS.name, document })), position(99));
    }
  });
  afterAll(async () => {
    await sqlite.close();
    await mongo.close();
    const client = new MongoClient(urlOf());
    await client.db(database).dropDatabase();
    await client.close();
  });

  it.each(FILTERS.map((filter) => [JSON.stringify(filter), filter] as const))('filtered by %s, in every sort and page size', async (_name, filter) => {
    expect(await mongo.count(TICKETS.name, filter)).toBe(await sqlite.count(TICKETS.name, filter));
    for (const sort of SORTS) {
      for (const limit of [2, 7, 100]) {
        expect(await allPages(mongo, filter, sort, limit)).toEqual(await allPages(sqlite, filter, sort, limit));
      }
    }
  });

  it('gets the same documents by id', async () => {
    const ids = [...documents.slice(0, 10).map((document) => document.id), 'missing', documents[0]?.id ?? ''];
    expect(await mongo.getMany(TICKETS.name, ids)).toEqual(await sqlite.getMany(TICKETS.name, ids));
    expect(await mongo.get(TICKETS.name, documents[5]?.id ?? '')).toEqual(documents[5]);
  });
});
