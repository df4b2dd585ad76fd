import { InvalidCursorError, type ReadStore, type SortKey } from '../read-store';
import { TICKETS, allPages, expectedOrder, manyTickets, position, put, ticket, type Ticket } from './contract-fixtures';

const asc = (field: string): SortKey => ({ field, direction: 'asc' });
const desc = (field: string): SortKey => ({ field, direction: 'desc' });

async function ids(store: ReadStore, filter: Parameters<ReadStore['count']>[1], sort?: readonly SortKey[]): Promise<string[]> {
  const page = await store.find<Ticket>(TICKETS.name, { filter, sort, limit: 1000 });
  return page.items.map((item) => item.id);
}

export function describeQueryContract(storeOf: () => ReadStore): void {
  describe('find and count', () => {
    beforeEach(async () => {
      await put(storeOf(), [
        ticket('a', { status: 'open', priority: 1, assignee: 'ann', owner: { team: 'network', site: 'hq' } }),
        ticket('b', { status: 'on_hold', priority: 2, assignee: null, owner: { team: 'desktop' } }),
        ticket('c', { status: 'resolved', priority: 1, active: false, owner: { team: 'network' } }),
        ticket('d', { status: 'open', priority: 3, assignee: 'bob', owner: { team: 'desktop', site: 'hq' } }),
      ]);
    });

    it('filters by equality on strings, numbers and booleans, all conditions holding', async () => {
      expect(await ids(storeOf(), { status: 'open' })).toEqual(['a', 'd']);
      expect(await ids(storeOf(), { priority: 1 })).toEqual(['a', 'c']);
      expect(await ids(storeOf(), { active: false })).toEqual(['c']);
      expect(await ids(storeOf(), { status: 'open', priority: 3 })).toEqual(['d']);
      expect(await ids(storeOf(), { id: 'b' })).toEqual(['b']);
    });

    it('keeps numbers, booleans and strings apart', async () => {
      expect(await ids(storeOf(), { active: 1 })).toEqual([]);
      expect(await ids(storeOf(), { priority: true })).toEqual([]);
      expect(await ids(storeOf(), { priority: '1' })).toEqual([]);
    });

    it('keeps them apart on indexed fields too, whatever type a document holds there', async () => {
      const odd = (id: string, fields: Record<string, unknown>) => ({ ...ticket(id), ...fields }) as unknown as Ticket;
      await put(storeOf(), [odd('e', { active: 1, priority: true, status: { open: true } }), odd('f', { active: 'true', priority: '1', status: { is: 'open' } })], position(101));
      expect(await ids(storeOf(), { active: true })).toEqual(['a', 'b', 'd']);
      expect(await ids(storeOf(), { active: 1 })).toEqual(['e']);
      expect(await ids(storeOf(), { priority: { $in: [1, true] } })).toEqual(['a', 'c', 'e']);
      expect(await ids(storeOf(), { priority: 1 })).toEqual(['a', 'c']);
      expect(await ids(storeOf(), { priority: { $gte: 0 } })).toEqual(['a', 'b', 'c', 'd']);
      expect(await ids(storeOf(), { status: { $gte: '' } })).toEqual(['a', 'b', 'c', 'd']);
      expect(await ids(storeOf(), { status: 'open', active: { $in: [true, 1] } })).toEqual(['a', 'd']);
    });

    it('filters by membership with $in, an empty list matching nothing', async () => {
      expect(await ids(storeOf(), { status: { $in: ['on_hold', 'resolved'] } })).toEqual(['b', 'c']);
      expect(await ids(storeOf(), { priority: { $in: [2, 3] }, active: { $in: [true] } })).toEqual(['b', 'd']);
      expect(await ids(storeOf(), { status: { $in: [] } })).toEqual([]);
    });

    it('matches a missing field as well as a null one with null', async () => {
      expect(await ids(storeOf(), { assignee: null })).toEqual(['b', 'c']);
      expect(await ids(storeOf(), { assignee: { $in: [null, 'bob'] } })).toEqual(['b', 'c', 'd']);
      expect(await ids(storeOf(), { 'owner.site': null })).toEqual(['b', 'c']);
    });

    it('filters and sorts on nested field paths', async () => {
      expect(await ids(storeOf(), { 'owner.team': 'desktop' })).toEqual(['b', 'd']);
      expect(await ids(storeOf(), { 'owner.site': 'hq' }, [desc('owner.team')])).toEqual(['a', 'd']);
    });

    it('counts all documents or those matching a filter', async () => {
      expect(await storeOf().count(TICKETS.name)).toBe(4);
      expect(await storeOf().count(TICKETS.name, { 'owner.team': 'network', active: true })).toBe(1);
      expect(await storeOf().count(TICKETS.name, { assignee: null })).toBe(2);
    });

    it('orders by id when no sort is given', async () => {
      expect(await ids(storeOf(), {})).toEqual(['a', 'b', 'c', 'd']);
    });

    it('refuses field paths that are not plain identifiers', async () => {
      await expect(storeOf().find(TICKETS.name, { filter: { "a') OR 1=1 --": 'x' }, limit: 1 })).rejects.toThrow();
      await expect(storeOf().find(TICKETS.name, { sort: [asc('a..b')], limit: 1 })).rejects.toThrow();
    });
  });

  describe('sorting and keyset pagination', () => {
    const tickets = manyTickets(40);
    beforeEach(async () => put(storeOf(), tickets));

    const sorts: readonly (readonly SortKey[])[] = [
      [asc('priority'), asc('openedAt')],
      [asc('priority'), desc('openedAt')],
      [desc('priority'), asc('openedAt')],
      [desc('openedAt')],
      [asc('owner.team'), desc('priority')],
      [asc('status')],
    ];

    it.each(sorts.map((sort) => [sort.map((k) => `${k.field} ${k.direction}`).join(', '), sort] as const))(
      'sorts by %s, then id ascending',
      async (_label, sort) => {
        expect(await ids(storeOf(), {}, sort)).toEqual(expectedOrder(tickets, sort));
      },
    );

    it.each([1, 2, 3, 7, 40, 41])('visits every document exactly once in pages of %i, despite ties', async (limit) => {
      for (const sort of sorts) {
        const pages = await allPages(storeOf(), { sort, limit });
        expect(pages.flat()).toEqual(expectedOrder(tickets, sort));
        expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
      }
    });

    it('paginates a filtered query and honours the limit', async () => {
      const sort = [asc('priority'), asc('openedAt')];
      const active = tickets.filter((item) => item.active && item.owner.team === 'desktop');
      const pages = await allPages(storeOf(), { filter: { active: true, 'owner.team': 'desktop' }, sort, limit: 4 });
      expect(pages.flat()).toEqual(expectedOrder(active, sort));
      expect(Math.max(...pages.map((page) => page.length))).toBe(4);
    });

    it.each([1, 3, 7])('pages a filter of several values on several fields ($in), in sort order, each match once, in pages of %i', async (limit) => {
      const sort = [asc('priority'), desc('openedAt')];
      const filter = { status: { $in: ['on_hold', 'resolved'] }, 'owner.team': { $in: ['desktop', 'network'] }, priority: { $in: [1, 3] } };
      const matching = tickets.filter((item) => ['on_hold', 'resolved'].includes(item.status) && [1, 3].includes(item.priority));
      const pages = await allPages(storeOf(), { filter, sort, limit });
      expect(pages.flat()).toEqual(expectedOrder(matching, sort));
      expect(pages.flat().length).toBeGreaterThan(limit);
      expect(await storeOf().count(TICKETS.name, filter)).toBe(matching.length);
    });

    it('answers a filter of one value in a list ($in) as the same value alone', async () => {
      const sort = [asc('status'), asc('priority')];
      for (const [one, list] of [[{ status: 'on_hold' }, { status: { $in: ['on_hold'] } }], [{ priority: 2 }, { priority: { $in: [2] } }]] as const) {
        expect((await allPages(storeOf(), { filter: list, sort, limit: 5 })).flat()).toEqual((await allPages(storeOf(), { filter: one, sort, limit: 5 })).flat());
      }
    });

    it.each([1, 3])('pages a filter that pins a sort key to one value, or bounds the first, each match once, in pages of %i', async (limit) => {
      const sort = [asc('priority'), asc('openedAt')];
      const pinned = tickets.filter((item) => item.priority === 2 && item.status === 'open');
      expect((await allPages(storeOf(), { filter: { priority: 2, status: 'open' }, sort, limit })).flat()).toEqual(expectedOrder(pinned, sort));
      const bounded = tickets.filter((item) => item.openedAt > '2024-01-01T09:00:00.000Z' && item.openedAt < '2024-01-03');
      const byAge = [asc('openedAt')];
      const range = { openedAt: { $gt: '2024-01-01T09:00:00.000Z', $lt: '2024-01-03' } };
      expect((await allPages(storeOf(), { filter: range, sort: byAge, limit })).flat()).toEqual(expectedOrder(bounded, byAge));
    });

    it('gives no next cursor when the last page is exactly full', async () => {
      const page = await storeOf().find(TICKETS.name, { limit: 40 });
      expect(page.items).toHaveLength(40);
      expect(page.nextCursor).toBeNull();
    });

    it('refuses a malformed cursor or one made for another sort', async () => {
      const store = storeOf();
      const sort = [asc('priority')];
      const { nextCursor } = await store.find(TICKETS.name, { sort, limit: 2 });
      expect(typeof nextCursor).toBe('string');
      const tampered = Buffer.from('{"s":"priority:asc,id:asc","k":[1]}').toString('base64url');
      for (const cursor of ['not a cursor!', 'bm90IGpzb24', tampered, Buffer.from('[1,"x"]').toString('base64url')]) {
        await expect(store.find(TICKETS.name, { sort, limit: 2, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
      }
      await expect(store.find(TICKETS.name, { sort: [desc('priority')], limit: 2, cursor: nextCursor })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    });

    it('refuses a cursor made for another filter or collection: it would skip documents silently', async () => {
      const store = storeOf();
      const sort = [asc('priority')];
      const { nextCursor } = await store.find(TICKETS.name, { filter: { active: true }, sort, limit: 2 });
      await expect(store.find(TICKETS.name, { filter: { active: false }, sort, limit: 2, cursor: nextCursor })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store.find(TICKETS.name, { sort, limit: 2, cursor: nextCursor })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store.find('other_tickets', { filter: { active: true }, sort, limit: 2, cursor: nextCursor })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store.find(TICKETS.name, { filter: { active: true }, sort, limit: 2, cursor: nextCursor })).resolves.toMatchObject({ items: expect.any(Array) });
    });
  });
}
