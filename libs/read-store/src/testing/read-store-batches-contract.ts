import type { ProjectionBatch, ReadStore, StoredDocument } from '../read-store';
import { OTHER, TICKETS, position, put, ticket, type Ticket } from './contract-fixtures';

const tickets = (projection: string, documents: readonly StoredDocument[], at: number): ProjectionBatch => ({
  projection,
  writes: documents.map((document) => ({ collection: TICKETS.name, document })),
  checkpoint: position(at),
});
const others = (projection: string, documents: readonly StoredDocument[], at: number): ProjectionBatch => ({
  projection,
  writes: documents.map((document) => ({ collection: OTHER.name, document })),
  checkpoint: position(at),
});

/** applyBatches: several projections' batches landed in one step, all or none (ADR 22). */
export function describeBatchesContract(storeOf: () => ReadStore): void {
  describe('applyBatches', () => {
    it('lands every projection\'s documents and checkpoint together', async () => {
      const store = storeOf();
      await store.applyBatches([tickets('first', [ticket('a', {}, 3)], 5), others('second', [ticket('b', {}, 4)], 6)]);
      expect(await store.get<Ticket>(TICKETS.name, 'a')).toEqual(ticket('a', {}, 3));
      expect(await store.get<Ticket>(OTHER.name, 'b')).toEqual(ticket('b', {}, 4));
      expect([await store.checkpoint('first'), await store.checkpoint('second')]).toEqual([position(5), position(6)]);
    });

    it('refuses them all, writing nothing and advancing no checkpoint, when one projection\'s batch writes to a collection never ensured', async () => {
      const store = storeOf();
      const missing: ProjectionBatch = { projection: 'second', writes: [{ collection: 'contract_missing_v1', document: ticket('c') }], checkpoint: position(6) };
      await expect(store.applyBatches([tickets('first', [ticket('a')], 5), missing])).rejects.toThrow(/contract_missing_v1/);
      expect(await store.get(TICKETS.name, 'a')).toBeNull();
      expect([await store.checkpoint('first'), await store.checkpoint('second')]).toEqual([null, null]);
    });

    it('refuses them all when a document of a later batch is not JSON', async () => {
      const store = storeOf();
      const notJson = { ...ticket('c'), size: BigInt(1) } as unknown as StoredDocument;
      await expect(store.applyBatches([tickets('first', [ticket('a')], 5), others('second', [notJson], 6)])).rejects.toThrow();
      expect(await store.get(TICKETS.name, 'a')).toBeNull();
      expect([await store.checkpoint('first'), await store.checkpoint('second')]).toEqual([null, null]);
    });

    it('guards each batch as applyBatch does: a stale one changes nothing beside a newer one that lands', async () => {
      const store = storeOf();
      await put(store, [ticket('a', { status: 'resolved' }, 9)], position(9));
      await store.applyBatches([tickets('contract', [ticket('a', { status: 'open' }, 2)], 2), others('second', [ticket('b', {}, 4)], 4)]);
      expect((await store.get<Ticket>(TICKETS.name, 'a'))?.status).toBe('resolved');
      expect(await store.checkpoint('contract')).toBe(position(9));
      expect(await store.checkpoint('second')).toBe(position(4));
    });

    it('lands one projection\'s successive batches in order, as successive applyBatch calls would', async () => {
      const store = storeOf();
      await store.applyBatches([tickets('first', [ticket('a', { priority: 1 }, 3)], 3), tickets('first', [ticket('a', { priority: 2 }, 7)], 7)]);
      expect((await store.get<Ticket>(TICKETS.name, 'a'))?.priority).toBe(2);
      expect(await store.checkpoint('first')).toBe(position(7));
    });

    it('takes an empty list as nothing to do, not an error', async () => {
      const store = storeOf();
      await store.applyBatches([]);
      expect(await store.count(TICKETS.name)).toBe(0);
    });
  });
}
