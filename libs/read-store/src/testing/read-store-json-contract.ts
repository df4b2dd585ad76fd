import { withoutBookkeeping } from '../query/json-page';
import { InvalidCursorError, type FindQuery, type ReadStore, type SortKey, type StoredDocument } from '../read-store';
import { TICKETS, manyTickets, position, put, ticket, type Ticket } from './contract-fixtures';

const asc = (field: string): SortKey => ({ field, direction: 'asc' });
const desc = (field: string): SortKey => ({ field, direction: 'desc' });

/** Walks `query` to its end by find and by findAsJson, each by its own cursors: both walks must give the same pages. */
async function bothWalks(store: ReadStore, query: FindQuery): Promise<{ asDocuments: string[][]; asJson: string[][]; cursors: [string | null, string | null][] }> {
  const asDocuments: string[][] = [];
  const asJson: string[][] = [];
  const cursors: [string | null, string | null][] = [];
  let documentCursor: string | null | undefined = query.cursor;
  let jsonCursor: string | null | undefined = query.cursor;
  do {
    const page = await store.find<StoredDocument>(TICKETS.name, { ...query, cursor: documentCursor });
    const text = await store.findAsJson(TICKETS.name, { ...query, cursor: jsonCursor });
    asDocuments.push(page.items.map((document) => JSON.stringify(withoutBookkeeping(document))));
    asJson.push([...text.items]);
    cursors.push([page.nextCursor, text.nextCursor]);
    documentCursor = page.nextCursor;
    jsonCursor = text.nextCursor;
    if (asDocuments.length > 1000) throw new Error('pagination does not terminate');
  } while (documentCursor || jsonCursor);
  return { asDocuments, asJson, cursors };
}

/** As the projection runner writes every document: its `_position` set last. Half the walks' documents are written so. */
function bookkeepingLast(document: Ticket, index: number): Ticket {
  if (index % 2 === 1) return document;
  const { _position, ...rest } = document;
  return { ...rest, _position };
}

/** Documents whose stored text is not the plain case: the bookkeeping elsewhere, a field of that name inside, escapes. */
function oddTickets(): Ticket[] {
  const odd = (document: Record<string, unknown>) => document as unknown as Ticket;
  const { _position, ...plain } = ticket('odd-first', { priority: 1 });
  return [
    odd({ _position, ...plain }),
    odd({ ...ticket('odd-nested', { priority: 1 }), notes: { _position: 'not the bookkeeping' } }),
    odd({ ...ticket('odd-nested-last', { priority: 1 }), _position: position(1), last: { _position: position(1) } }),
    ticket('odd-text', { priority: 2, title: 'ends like it: ,"_position":"00000000000000000001"}' }),
    ticket('odd-escapes', { priority: 2, title: 'quote " backslash \\ tab \t line \u2028 emoji 🚑 é' }),
    ticket('odd-empty-title', { priority: 2, title: '' }),
  ];
}

/** findAsJson (JsonPage): find's pages, as a client sees them, in JSON text. */
export function describeJsonPageContract(storeOf: () => ReadStore): void {
  describe('findAsJson', () => {
    it('answers an empty page for a collection nobody created', async () => {
      expect(await storeOf().findAsJson('never_created_v1', { limit: 5 })).toEqual({ items: [], nextCursor: null });
    });

    it.each([
      ['no filter, by id', { limit: 7 }],
      ['by priority then age', { sort: [asc('priority'), asc('openedAt')], limit: 3 }],
      ['filtered, newest first', { filter: { active: true, 'owner.team': 'desktop' }, sort: [desc('openedAt')], limit: 4 }],
      ['several values of several fields', { filter: { status: { $in: ['on_hold', 'resolved'] }, 'owner.team': { $in: ['desktop', 'network'] }, priority: { $in: [1, 3] } }, sort: [asc('priority'), desc('openedAt')], limit: 2 }],
      ['a page that ends exactly full', { limit: 40 }],
    ] as const)('answers %s as find does: each document without _position, written as JSON.stringify writes it, and the same cursors', async (_label, query) => {
      await put(storeOf(), manyTickets(40).map(bookkeepingLast));
      const { asDocuments, asJson, cursors } = await bothWalks(storeOf(), query);
      expect(asJson).toEqual(asDocuments);
      expect(cursors.every(([fromFind, fromJson]) => fromFind === fromJson)).toBe(true);
      expect(asJson.flat().length).toBeGreaterThan(0);
      expect(asJson.flat().every((text) => !('_position' in (JSON.parse(text) as object)))).toBe(true);
    });

    it('leaves out only the bookkeeping, wherever the document holds it, and keeps every other field as it is', async () => {
      const odd = oddTickets();
      await put(storeOf(), odd);
      const { asDocuments, asJson } = await bothWalks(storeOf(), { sort: [asc('priority')], limit: 2 });
      expect(asJson).toEqual(asDocuments);
      const answered = new Map(asJson.flat().map((text) => [(JSON.parse(text) as { id: string }).id, JSON.parse(text) as Record<string, unknown>]));
      for (const document of odd) expect(answered.get(document.id)).toEqual(withoutBookkeeping(document));
      expect(answered.get('odd-nested')).toMatchObject({ notes: { _position: 'not the bookkeeping' } });
      expect(answered.get('odd-text')).toMatchObject({ title: 'ends like it: ,"_position":"00000000000000000001"}' });
    });

    it('refuses a cursor that is not its own, as find does', async () => {
      await put(storeOf(), manyTickets(10));
      const { nextCursor } = await storeOf().findAsJson(TICKETS.name, { filter: { active: true }, sort: [asc('priority')], limit: 2 });
      expect(typeof nextCursor).toBe('string');
      await expect(storeOf().findAsJson(TICKETS.name, { filter: { active: false }, sort: [asc('priority')], limit: 2, cursor: nextCursor })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(storeOf().findAsJson(TICKETS.name, { sort: [asc('priority')], limit: 2, cursor: 'not a cursor!' })).rejects.toBeInstanceOf(InvalidCursorError);
    });
  });
}
