import type { CollectionDefinition, FindQuery, ReadStore, SortKey, StoredDocument } from '../read-store';

export interface OpenedStore {
  readonly store: ReadStore;
  cleanup(): Promise<void>;
}
export type OpenStore = () => Promise<OpenedStore>;

export interface Ticket extends StoredDocument {
  readonly title: string;
  readonly status: string;
  readonly priority: number;
  readonly openedAt: string;
  readonly active: boolean;
  readonly assignee?: string | null;
  readonly owner: { readonly team: string; readonly site?: string };
}

export const TICKETS: CollectionDefinition = {
  name: 'contract_tickets_v1',
  indexes: [{ fields: ['status', 'priority', 'openedAt'] }, { fields: ['owner.team'] }, { fields: ['active', 'assignee'] }],
};
export const OTHER: CollectionDefinition = { name: 'contract_other_v1', indexes: [] };

export const position = (n: number): string => String(n).padStart(20, '0');

/**
 * Until this turn of the event loop has ended: a SQLite store's reads share one snapshot per turn
 * (ADR 28), so what another connection commits is read from the next turn.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function ticket(id: string, fields: Partial<Omit<Ticket, 'id' | '_position'>> = {}, at = 1): Ticket {
  return {
    id,
    _position: position(at),
    title: `Ticket ${id}`,
    status: 'open',
    priority: 3,
    openedAt: '2024-01-01T00:00:00.000Z',
    active: true,
    owner: { team: 'network' },
    ...fields,
  };
}

export async function put(store: ReadStore, tickets: readonly Ticket[], checkpoint = position(100)): Promise<void> {
  await store.applyBatch('contract', tickets.map((document) => ({ collection: TICKETS.name, document })), checkpoint);
}

/**
 * A deterministic set with many ties: 3 priorities × 4 opening times × statuses, so that a sort key
 * alone never orders it and pagination must rely on the id tiebreak.
 */
export function manyTickets(count = 40): Ticket[] {
  const times = ['2024-01-01T09:00:00.000Z', '2024-01-01T10:00:00.000Z', '2024-01-02T08:00:00.000Z', '2024-01-03T00:00:00.000Z'];
  return Array.from({ length: count }, (_, i) =>
    ticket(`t${String((i * 7) % count).padStart(3, '0')}`, {
      priority: (i % 3) + 1,
      openedAt: times[(i * 5) % times.length],
      status: ['open', 'on_hold', 'resolved'][i % 4 === 0 ? 2 : i % 2] ?? 'open',
      active: i % 4 !== 0,
      owner: { team: i % 2 === 0 ? 'network' : 'desktop' },
      assignee: i % 3 === 0 ? null : `agent${i % 5}`,
    }),
  );
}

/** The order the port promises, computed independently of any adapter (ASCII values only). */
export function expectedOrder(tickets: readonly Ticket[], sort: readonly SortKey[]): string[] {
  const valueOf = (document: Ticket, field: string): string | number =>
    field.split('.').reduce<unknown>((value, step) => (value as Record<string, unknown>)[step], document) as string | number;
  return [...tickets]
    .sort((a, b) => {
      for (const key of sort) {
        const [x, y] = [valueOf(a, key.field), valueOf(b, key.field)];
        if (x !== y) return (x < y ? -1 : 1) * (key.direction === 'asc' ? 1 : -1);
      }
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    })
    .map((document) => document.id);
}

/** Follows nextCursor to the end, returning the ids of every page. */
export async function allPages(store: ReadStore, query: FindQuery): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null | undefined = query.cursor;
  do {
    const page = await store.find<Ticket>(TICKETS.name, { ...query, cursor });
    pages.push(page.items.map((item) => item.id));
    cursor = page.nextCursor;
    if (pages.length > 1000) throw new Error('pagination does not terminate');
  } while (cursor);
  return pages;
}
