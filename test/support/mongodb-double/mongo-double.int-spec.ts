import { MongoBulkWriteError, MongoClient, MongoServerError, type Collection, type Document } from 'mongodb';
import { startMongoDouble, type MongoDouble } from '.';

/** What the double promises, through the real driver: the behaviour the read-store specs rely on. */
describe('the MongoDB wire double', () => {
  let double: MongoDouble;
  let client: MongoClient;
  let items: Collection<{ _id: string; [field: string]: unknown }>;
  const commandsNamed = (name: string): Document[] => double.received.filter((command) => Object.keys(command)[0] === name);

  beforeEach(async () => {
    double = await startMongoDouble();
    client = await new MongoClient(double.url, { serverSelectionTimeoutMS: 1000 }).connect();
    items = client.db('probe').collection('items');
  });
  afterEach(async () => {
    await client.close();
    await double.stop();
  });

  it('answers the legacy hello the driver opens each connection with', () => {
    const [first] = double.received;
    expect(first && Object.keys(first)[0]).toBe('ismaster');
    expect(first?.helloOk).toBe(true);
  });

  it('hands out results in batches behind a cursor, and closes it when done', async () => {
    await items.insertMany(['a', 'b', 'c', 'd', 'e'].map((id, i) => ({ _id: id, rank: i % 2 })));
    const found = await items.find({}, { sort: { rank: -1, _id: 1 }, batchSize: 2, projection: { rank: 0 } }).toArray();
    expect(found).toEqual([{ _id: 'b' }, { _id: 'd' }, { _id: 'a' }, { _id: 'c' }, { _id: 'e' }]);
    expect(commandsNamed('getMore')).toHaveLength(2);
    expect(await items.countDocuments({ rank: 1 })).toBe(2);
  });

  it('compares strings by their UTF-8 bytes, as the server does, in ranges, sorts, counts and updates', async () => {
    // By UTF-16 code units (JavaScript's <) the emoji would sort before U+FFFD; by UTF-8 bytes, after.
    await items.insertMany([
      { _id: 'emoji', text: '\u{1F600}' }, { _id: 'replacement', text: '\uFFFD' }, { _id: 'accent', text: 'é' },
      { _id: 'number', text: 5 }, { _id: 'flag', text: true }, { _id: 'none', text: null }, { _id: 'missing' }, { _id: 'list', text: ['a', '\u{1F600}'] },
    ]);
    const ids = async (filter: Document) => (await items.find(filter, { sort: { _id: 1 } }).toArray()).map((item) => item._id);
    expect(await ids({ text: { $gt: '\uFFFD' } })).toEqual(['emoji', 'list']);
    expect(await ids({ text: { $lt: '\u{1F600}' } })).toEqual(['accent', 'list', 'replacement']);
    // Each bound may hold for another element of an array, as on a server (no $elemMatch): 'list' is in.
    expect(await ids({ $or: [{ text: { $gte: 'é', $lte: 'é' } }, { _id: { $gt: 'n', $lt: 'o' } }] })).toEqual(['accent', 'list', 'none', 'number']);
    expect(await ids({ text: { $gte: 0 } })).toEqual(['number']);
    const sorted = await items.find({ _id: { $nin: ['list'] } }, { sort: { text: 1, _id: 1 } }).toArray();
    expect(sorted.map((item) => item._id)).toEqual(['missing', 'none', 'number', 'accent', 'replacement', 'emoji', 'flag']);
    expect(await items.countDocuments({ text: { $gt: '\uFFFD' } })).toBe(2);
    expect((await items.updateMany({ text: { $gte: '\uFFFD' } }, { $set: { seen: true } })).modifiedCount).toBe(3);
  });

  it('counts matched, modified and upserted documents as a server does', async () => {
    await items.insertOne({ _id: 'a', n: 1 });
    const result = await items.bulkWrite([
      { updateOne: { filter: { _id: 'a' }, update: { $set: { n: 1 } } } },
      { updateOne: { filter: { _id: 'a' }, update: [{ $set: { n: { $add: ['$n', 1] }, text: { $literal: '$n' } } }] } },
      { updateOne: { filter: { _id: 'b' }, update: { $set: { n: 5 } }, upsert: true } },
    ]);
    expect([result.matchedCount, result.modifiedCount, result.upsertedCount, result.upsertedIds]).toEqual([2, 1, 1, { 2: 'b' }]);
    expect(await items.find().toArray()).toEqual([{ _id: 'a', n: 2, text: '$n' }, { _id: 'b', n: 5 }]);
  });

  it('stops an ordered bulk write at the first duplicate key', async () => {
    const error = await items.insertMany([{ _id: 'a' }, { _id: 'a' }, { _id: 'b' }]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MongoBulkWriteError);
    expect((error as MongoBulkWriteError).code).toBe(11000);
    expect(await items.countDocuments()).toBe(1);
  });

  it('refuses a command it does not implement with CommandNotFound, like a server', async () => {
    const error = await client.db('probe').command({ collMod: 'items' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(59);
  });

  it('keeps its data across a restart on the same port', async () => {
    await items.insertOne({ _id: 'a' });
    await double.stop();
    await expect(client.db('probe').command({ ping: 1 }, { timeoutMS: 300 })).rejects.toThrow();
    await double.restart();
    const again = await new MongoClient(double.url, { serverSelectionTimeoutMS: 1000 }).connect();
    expect(await again.db('probe').collection('items').findOne({ _id: 'a' as never })).toEqual({ _id: 'a' });
    await again.close();
  });
});
