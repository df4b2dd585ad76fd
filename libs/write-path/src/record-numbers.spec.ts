import { recordNumberCounterStream, recordNumberStream } from '@itsm/domain';
import { MemoryEventStore, type EventStore } from '@itsm/event-store';
import { RecordNumberAllocator, recordHolding, takeRecordNumber } from './record-numbers';

const taker = { actor: 'alice', occurredAt: '2026-01-05T10:00:00.000Z' };
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('Record numbers', () => {
  let store: MemoryEventStore;
  beforeEach(() => {
    store = new MemoryEventStore();
  });

  it('are handed out in order from INC0010001, each held in its stream by the record it was given to', async () => {
    const numbers = new RecordNumberAllocator(store, 5);
    const given = [];
    for (let n = 1; n <= 7; n++) given.push(await numbers.assign('incident', id(n), taker));
    expect(given).toEqual(['INC0010001', 'INC0010002', 'INC0010003', 'INC0010004', 'INC0010005', 'INC0010006', 'INC0010007']);
    expect(await recordHolding(store, 'INC0010006')).toEqual({ number: 'INC0010006', kind: 'incident', recordId: id(6) });
    // Two blocks of five were taken, one append each.
    expect((await store.readStream('record-numbers-INC')).map((event) => event.data)).toEqual([
      { kind: 'incident', from: 10001, to: 10005 },
      { kind: 'incident', from: 10006, to: 10010 },
    ]);
  });

  it('never give one number twice, across processes taking numbers at the same time', async () => {
    const processes = [new RecordNumberAllocator(store, 3), new RecordNumberAllocator(store, 3), new RecordNumberAllocator(store, 3)];
    const given = await Promise.all(Array.from({ length: 60 }, (_, n) => processes[n % 3]!.assign('incident', id(n), taker)));
    expect(new Set(given).size).toBe(60);
    for (const [n, number] of given.entries()) expect((await recordHolding(store, number))?.recordId).toBe(id(n));
  });

  it('skip a number an imported record already holds, and count changes apart from incidents', async () => {
    expect(await takeRecordNumber(store, 'incident', 'INC0010002', id(99), taker)).toBe(true);
    const numbers = new RecordNumberAllocator(store);
    expect([await numbers.assign('incident', id(1), taker), await numbers.assign('incident', id(2), taker)]).toEqual(['INC0010001', 'INC0010003']);
    expect(await numbers.assign('change', id(3), taker)).toBe('CHG0010001');
  });

  it('are taken once: the same record taking its number again is a no-op, another record is refused', async () => {
    expect(await takeRecordNumber(store, 'incident', 'INC0000045', id(1), taker)).toBe(true);
    expect(await takeRecordNumber(store, 'incident', 'INC0000045', id(1), taker)).toBe(true);
    expect(await takeRecordNumber(store, 'incident', 'INC0000045', id(2), taker)).toBe(false);
    expect(await store.readStream(recordNumberStream('INC0000045'))).toHaveLength(1);
    expect(await recordHolding(store, 'INC0000046')).toBeNull();
  });

  it('are taken at the same time by concurrent openings (one group commit), not each after the one before is on disk', async () => {
    // Appends to a number's own stream wait until released, as they wait for a commit.
    const waiting: (() => void)[] = [];
    const slow: EventStore = Object.create(store);
    slow.append = async (stream, events, expected) => {
      if (stream !== recordNumberCounterStream('incident')) await new Promise<void>((release) => waiting.push(release));
      return store.append(stream, events, expected);
    };
    const numbers = new RecordNumberAllocator(slow, 20);
    const given = Promise.all([1, 2, 3].map((n) => numbers.assign('incident', id(n), taker)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(waiting).toHaveLength(3);
    waiting.forEach((release) => release());
    expect(await given).toEqual(['INC0010001', 'INC0010002', 'INC0010003']);
  });
});
