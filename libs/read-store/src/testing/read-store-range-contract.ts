import { InvalidCursorError, type Filter, type ReadStore, type StoredDocument } from '../read-store';
import { TICKETS, position } from './contract-fixtures';

/** A document whose `value` may be of any JSON type, or missing: what type bracketing is about. */
interface Item extends StoredDocument {
  readonly value?: unknown;
  readonly at?: string;
  readonly group?: string;
}

const item = (id: string, fields: Omit<Item, 'id' | '_position'>): Item => ({ id, _position: position(1), ...fields });

/** Code points in order, each a different UTF-8 length: the order of their bytes is the order of the code points. */
const ORDERED_TEXT = ['', 'Z', 'a', 'ab', 'é', '\uffff', '\u{1F600}'];

async function ids(store: ReadStore, filter: Filter, limit = 1000): Promise<string[]> {
  const page = await store.find<Item>(TICKETS.name, { filter, limit });
  return page.items.map((found) => found.id);
}

/** `$gte`, `$gt`, `$lte`, `$lt` on one field, over strings and numbers, identically in every adapter. */
export function describeRangeContract(storeOf: () => ReadStore): void {
  describe('range conditions', () => {
    beforeEach(async () => {
      const items = [
        item('n1', { value: -2.5, group: 'x' }),
        item('n2', { value: 0, group: 'y' }),
        item('n3', { value: 1, group: 'x' }),
        item('n4', { value: 10, group: 'y' }),
        item('b1', { value: true }),
        item('b2', { value: false }),
        item('z1', { value: null }),
        item('z2', {}),
        item('o1', { value: { nested: 1 } }),
        ...ORDERED_TEXT.map((text, i) => item(`s${i}`, { value: text, group: i % 2 === 0 ? 'x' : 'y' })),
        ...['2026-01-01T00:00:00.000Z', '2026-01-31T23:59:59.999Z', '2026-02-01T00:00:00.000Z', '2026-02-01T00:00:00.001Z'].map((at, i) => item(`t${i}`, { at })),
      ];
      await storeOf().applyBatch('contract', items.map((document) => ({ collection: TICKETS.name, document })), position(100));
    });

    it('bounds numbers by value, each operator inclusive or exclusive as it says', async () => {
      expect(await ids(storeOf(), { value: { $gt: 0 } })).toEqual(['n3', 'n4']);
      expect(await ids(storeOf(), { value: { $gte: 0 } })).toEqual(['n2', 'n3', 'n4']);
      expect(await ids(storeOf(), { value: { $lt: 1 } })).toEqual(['n1', 'n2']);
      expect(await ids(storeOf(), { value: { $lte: 1 } })).toEqual(['n1', 'n2', 'n3']);
      expect(await ids(storeOf(), { value: { $gt: -3, $lt: 10 } })).toEqual(['n1', 'n2', 'n3']);
      expect(await ids(storeOf(), { value: { $gte: 1, $lte: 1 } })).toEqual(['n3']);
      expect(await ids(storeOf(), { value: { $gt: 5, $lt: 1 } })).toEqual([]);
    });

    it('bounds strings by their UTF-8 bytes (code point order, not locale), empty string included', async () => {
      const textAfter = (i: number) => ORDERED_TEXT.map((_, j) => `s${j}`).slice(i + 1);
      for (const [i, bound] of ORDERED_TEXT.entries()) expect(await ids(storeOf(), { value: { $gt: bound } })).toEqual(textAfter(i));
      expect(await ids(storeOf(), { value: { $lt: 'a' } })).toEqual(['s0', 's1']);
      expect(await ids(storeOf(), { value: { $gte: 'a', $lte: 'é' } })).toEqual(['s2', 's3', 's4']);
      expect(await ids(storeOf(), { value: { $gt: '\uffff' } })).toEqual(['s6']);
    });

    it('keeps a range within its bounds’ type: never null, missing, booleans, objects or the other type', async () => {
      expect(await ids(storeOf(), { value: { $gte: -1e9 } })).toEqual(['n1', 'n2', 'n3', 'n4']);
      expect(await ids(storeOf(), { value: { $lte: '\u{10FFFF}' } })).toEqual(ORDERED_TEXT.map((_, i) => `s${i}`));
      expect(await ids(storeOf(), { value: { $lt: 1e9, $gt: -1e9 }, id: { $in: ['b1', 'b2', 'z1', 'z2', 'o1'] } })).toEqual([]);
    });

    it('selects instants in [from, to) when they are written alike (UTC, milliseconds)', async () => {
      expect(await ids(storeOf(), { at: { $gte: '2026-01-31T23:59:59.999Z', $lt: '2026-02-01T00:00:00.001Z' } })).toEqual(['t1', 't2']);
      expect(await ids(storeOf(), { at: { $lt: '2026-01-01T00:00:00.000Z' } })).toEqual([]);
    });

    it('bounds ids as strings, and combines with equality and membership on other fields', async () => {
      expect(await ids(storeOf(), { id: { $gte: 'n2', $lt: 'n4' } })).toEqual(['n2', 'n3']);
      expect(await ids(storeOf(), { id: { $gt: 0 } })).toEqual([]);
      expect(await ids(storeOf(), { value: { $gte: 0 }, group: 'y' })).toEqual(['n2', 'n4']);
      expect(await ids(storeOf(), { value: { $gte: 'a' }, group: { $in: ['x'] } })).toEqual(['s2', 's4', 's6']);
      expect(await storeOf().count(TICKETS.name, { value: { $gte: 'a' }, group: 'y' })).toBe(2);
      expect(await storeOf().count(TICKETS.name, { value: { $gt: 0 } })).toBe(2);
    });

    it('pages a range query with cursors, refusing a cursor made for other bounds but not for the same bounds written in another order', async () => {
      const store = storeOf();
      const range = { value: { $gte: -10, $lt: 100 } };
      const first = await store.find<Item>(TICKETS.name, { filter: range, limit: 3 });
      expect(first.items.map((found) => found.id)).toEqual(['n1', 'n2', 'n3']);
      const rest = await store.find<Item>(TICKETS.name, { filter: { value: { $lt: 100, $gte: -10 } }, limit: 3, cursor: first.nextCursor });
      expect(rest).toEqual({ items: [expect.objectContaining({ id: 'n4' })], nextCursor: null });
      await expect(store.find(TICKETS.name, { filter: { value: { $gte: -10, $lt: 99 } }, limit: 3, cursor: first.nextCursor })).rejects.toBeInstanceOf(InvalidCursorError);
    });

    it.each([
      ['an empty range', {}],
      ['an unknown operator', { $ne: 1 }],
      ['null as a bound', { $gte: null }],
      ['a boolean bound', { $gt: true }],
      ['bounds of two types', { $gte: 1, $lt: 'z' }],
      ['a bound that is not finite', { $lt: Number.POSITIVE_INFINITY }],
      ['a bound beside $in', { $in: [1], $gt: 0 }],
    ])('refuses %s with RangeError, in find and count', async (_label, condition) => {
      const filter = { value: condition } as unknown as Filter;
      await expect(storeOf().find(TICKETS.name, { filter, limit: 5 })).rejects.toBeInstanceOf(RangeError);
      await expect(storeOf().count(TICKETS.name, filter)).rejects.toBeInstanceOf(RangeError);
    });
  });
}
