import { MongoClient, type Document } from 'mongodb';
import { startMongoDouble, type MongoDouble } from '../../../../test/support/mongodb-double';
import { describeReadStoreContract, type OpenedStore } from '../testing/read-store-contract';
import { TICKETS, position, put, ticket, type Ticket } from '../testing/contract-fixtures';
import { MongoReadStore, type MongoReadStoreOptions } from './mongo-read-store';

/**
 * The adapter over the in-process wire double always, and over a real server too when MONGO_URL
 * is set (e.g. MONGO_URL=mongodb://localhost:27017 npx jest libs/read-store), one database per test.
 */
const REAL_SERVER = process.env.MONGO_URL;
let double: MongoDouble;
beforeAll(async () => (double = await startMongoDouble()));
afterAll(async () => double.stop());

const RUN = `rs_${process.pid}_${Date.now().toString(36)}`;
let databases = 0;

async function openMongoStore(url: string, options: Partial<MongoReadStoreOptions> = {}): Promise<OpenedStore & { database: string }> {
  const database = `${RUN}_${++databases}`;
  const store = await MongoReadStore.connect({ url, database, serverSelectionTimeoutMs: 2000, ...options });
  const cleanup = async (): Promise<void> => {
    // The double's data goes with the test file; a real server's must be dropped.
    if (url === REAL_SERVER) await withClient(url, (client) => client.db(database).dropDatabase());
    await store.close();
  };
  return { store, database, cleanup };
}

async function withClient<T>(url: string, use: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 2000 });
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

async function eventually(attempt: () => Promise<void>, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describeReadStoreContract('mongodb (wire double)', () => openMongoStore(double.url));
if (REAL_SERVER) describeReadStoreContract('mongodb (real server)', () => openMongoStore(REAL_SERVER));

const servers: [string, () => string][] = [['wire double', () => double.url]];
if (REAL_SERVER) servers.push(['real server', () => REAL_SERVER]);

describe.each(servers)('MongoReadStore on the %s', (_label, urlOf) => {
  let opened: Awaited<ReturnType<typeof openMongoStore>>;
  const raw = (collection: string, filter: Document = {}) =>
    withClient(urlOf(), (client) => client.db(opened.database).collection(collection).find(filter).toArray());

  beforeEach(async () => {
    opened = await openMongoStore(urlOf());
    await opened.store.ensureCollection(TICKETS);
  });
  afterEach(async () => opened.cleanup());

  it('changes nothing when a batch is delivered again, or an older batch after a newer one', async () => {
    const { store } = opened;
    const older = [ticket('a', { title: 'at 5' }, 5), ticket('b', { title: 'at 5' }, 5)];
    await put(store, older, position(5));
    await put(store, [ticket('a', { title: 'at 8' }, 8)], position(8));
    await put(store, older, position(5));
    await put(store, older, position(5));
    expect((await store.get<Ticket>(TICKETS.name, 'a'))?.title).toBe('at 8');
    expect((await store.get<Ticket>(TICKETS.name, 'b'))?.title).toBe('at 5');
    expect(await raw(TICKETS.name, { _id: 'a' })).toEqual([{ _id: 'a', ...ticket('a', { title: 'at 8' }, 8) }]);
    expect(await store.checkpoint('contract')).toBe(position(8));
  });

  it('keeps the checkpoint in the checkpoints collection and never moves it backwards', async () => {
    const { store } = opened;
    await store.applyBatch('p', [], position(9));
    await store.applyBatch('p', [{ collection: TICKETS.name, document: ticket('a', {}, 4) }], position(4));
    expect(await raw('checkpoints')).toEqual([{ _id: 'p', position: position(9) }]);
    expect(await store.get(TICKETS.name, 'a')).toEqual(ticket('a', {}, 4));
  });

  it('stores $-prefixed strings literally, never as field paths or variables', async () => {
    const { store } = opened;
    const tricky = ticket('a', { title: '$status', status: '$$ROOT', assignee: '$$REMOVE', owner: { team: '$literal', site: '$' } });
    await put(store, [tricky]);
    await put(store, [{ ...tricky, title: '$$CURRENT', _position: position(2) }]);
    expect(await store.get(TICKETS.name, 'a')).toEqual({ ...tricky, title: '$$CURRENT', _position: position(2) });
    expect((await store.find(TICKETS.name, { filter: { status: '$$ROOT' }, limit: 5 })).items).toHaveLength(1);
  });

  it('creates the declared indexes in field order, each ending with _id for the keyset tiebreak', async () => {
    await opened.store.ensureCollection(TICKETS);
    const indexes = await withClient(urlOf(), (client) => client.db(opened.database).collection(TICKETS.name).indexes());
    expect(indexes.map((index) => index.key)).toEqual([
      { _id: 1 },
      { status: 1, priority: 1, openedAt: 1, _id: 1 },
      { 'owner.team': 1, _id: 1 },
      { active: 1, assignee: 1, _id: 1 },
    ]);
  });

  it('refuses a write to a collection never ensured, or one that cannot be JSON, before writing anything', async () => {
    const { store } = opened;
    const first = { collection: TICKETS.name, document: ticket('a') };
    const unserializable = { ...ticket('b'), size: BigInt(1) };
    await expect(store.applyBatch('p', [first, { collection: 'never_v1', document: ticket('b') }], position(3))).rejects.toThrow(
      /does not exist/,
    );
    await expect(store.applyBatch('p', [first, { collection: TICKETS.name, document: unserializable }], position(3))).rejects.toThrow();
    expect(await store.count(TICKETS.name)).toBe(0);
    expect(await store.checkpoint('p')).toBeNull();
    await expect(store.ensureCollection({ name: 'checkpoints', indexes: [] })).rejects.toThrow(/Invalid collection name/);
  });
});

describe('MongoReadStore on the wire, as the double sees it', () => {
  it('asks for majority acknowledgement by default, or what it is told', async () => {
    const writesFrom = async (options: Partial<MongoReadStoreOptions>) => {
      const opened = await openMongoStore(double.url, options);
      const from = double.received.length;
      await opened.store.ensureCollection(TICKETS);
      await put(opened.store, [ticket('a')]);
      await opened.cleanup();
      return double.received.slice(from).filter((command) => 'update' in command);
    };
    const majority = await writesFrom({});
    expect(majority.map((command) => command.writeConcern)).toEqual([{ w: 'majority' }, { w: 'majority' }]);
    expect(majority[0]?.ordered).toBe(true);
    expect((await writesFrom({ writeConcern: 1 })).map((command) => command.writeConcern)).toEqual([{ w: 1 }, { w: 1 }]);
  });

  it('refuses to connect, after the server selection timeout, when no server answers', async () => {
    const gone = await startMongoDouble();
    await gone.stop();
    await expect(MongoReadStore.connect({ url: gone.url, database: 'x', serverSelectionTimeoutMs: 200 })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('rejects ping and writes while the server is down, without crashing, and recovers when it is back', async () => {
    const crashes: unknown[] = [];
    const record = (error: unknown) => crashes.push(error);
    process.on('uncaughtException', record).on('unhandledRejection', record);
    const { store, cleanup } = await openMongoStore(double.url, { serverSelectionTimeoutMs: 300 });
    try {
      await store.ensureCollection(TICKETS);
      await put(store, [ticket('a')], position(1));
      await double.stop();
      await expect(store.ping()).rejects.toThrow();
      await expect(put(store, [ticket('b')], position(2))).rejects.toThrow();
      await expect(store.get(TICKETS.name, 'a')).rejects.toThrow();
      await double.restart();
      // The driver rechecks a server it saw fail at most every 500 ms (minHeartbeatFrequencyMS).
      await eventually(() => store.ping(), 3000);
      await put(store, [ticket('b')], position(2));
      expect(await store.count(TICKETS.name)).toBe(2);
      expect(await store.checkpoint('contract')).toBe(position(2));
      expect(crashes).toEqual([]);
    } finally {
      process.off('uncaughtException', record).off('unhandledRejection', record);
      await cleanup();
    }
  });
});
