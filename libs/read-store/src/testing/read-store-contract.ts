import type { ReadStore } from '../read-store';
import { OTHER, TICKETS, position, put, ticket, type OpenStore, type Ticket } from './contract-fixtures';
import { describeBatchesContract } from './read-store-batches-contract';
import { describeJsonPageContract } from './read-store-json-contract';
import { describeLeaseContract } from './read-store-lease-contract';
import { describeQueryContract } from './read-store-query-contract';
import { describeRangeContract } from './read-store-range-contract';

export type { OpenStore, OpenedStore } from './contract-fixtures';

/**
 * What every ReadStore adapter must do, tested through the port only. Run it from each adapter's
 * spec: `describeReadStoreContract('sqlite', async () => ({ store, cleanup }))`.
 */
export function describeReadStoreContract(name: string, open: OpenStore): void {
  describe(`ReadStore contract: ${name}`, () => {
    let store: ReadStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
      await store.ensureCollection(TICKETS);
      await store.ensureCollection(OTHER);
    });
    afterEach(async () => cleanup());

    describeWrites(() => store);
    describeBatchesContract(() => store);
    describeQueryContract(() => store);
    describeJsonPageContract(() => store);
    describeRangeContract(() => store);
    describeLeaseContract(() => store);
  });
}

/** Optional on the port for wrappers' sake; every adapter must have it. */
function resetOf(store: ReadStore): NonNullable<ReadStore['resetCheckpoint']> {
  if (!store.resetCheckpoint) throw new Error('This adapter cannot reset checkpoints');
  return store.resetCheckpoint.bind(store);
}

function describeWrites(storeOf: () => ReadStore): void {
  it('creating a collection twice is harmless', async () => {
    await storeOf().ensureCollection(TICKETS);
    expect(await storeOf().count(TICKETS.name)).toBe(0);
  });

  it('reads a collection nobody created as empty', async () => {
    const store = storeOf();
    expect(await store.get('contract_never_v1', 'a')).toBeNull();
    expect((await store.getMany('contract_never_v1', ['a'])).size).toBe(0);
    expect(await store.find('contract_never_v1', { limit: 5 })).toEqual({ items: [], nextCursor: null });
    expect(await store.count('contract_never_v1')).toBe(0);
  });

  it('lands documents with applyBatch and reads them back with get and getMany', async () => {
    const store = storeOf();
    const a = ticket('a', { owner: { team: 'network', site: 'hq' } });
    await put(store, [a, ticket('b')]);
    expect(await store.get<Ticket>(TICKETS.name, 'a')).toEqual(a);
    expect(await store.get(TICKETS.name, 'missing')).toBeNull();
    const many = await store.getMany<Ticket>(TICKETS.name, ['a', 'b', 'missing']);
    expect([...many.keys()].sort()).toEqual(['a', 'b']);
    expect(many.get('b')).toEqual(ticket('b'));
    expect((await store.getMany(TICKETS.name, [])).size).toBe(0);
  });

  it('lands the checkpoint with the documents, per projection', async () => {
    const store = storeOf();
    expect(await store.checkpoint('contract')).toBeNull();
    await put(store, [ticket('a')], position(7));
    expect(await store.checkpoint('contract')).toBe(position(7));
    expect(await store.checkpoint('someone_else')).toBeNull();
  });

  it('advances the checkpoint with no documents', async () => {
    const store = storeOf();
    await store.applyBatch('contract', [], position(3));
    expect(await store.checkpoint('contract')).toBe(position(3));
  });

  it('never moves a checkpoint backwards', async () => {
    const store = storeOf();
    await store.applyBatch('contract', [], position(9));
    await store.applyBatch('contract', [], position(4));
    expect(await store.checkpoint('contract')).toBe(position(9));
  });

  it('resets a checkpoint backwards or to nothing, for recovery, leaving documents and other projections alone', async () => {
    const store = storeOf();
    const reset = resetOf(store);
    await put(store, [ticket('a', { title: 'at 9' }, 9)], position(9));
    await store.applyBatch('someone_else', [], position(9));
    await reset('contract', position(4));
    expect(await store.checkpoint('contract')).toBe(position(4));
    await reset('contract', null);
    expect(await store.checkpoint('contract')).toBeNull();
    await reset('never_ran', null);
    expect(await store.checkpoint('never_ran')).toBeNull();
    expect(await store.checkpoint('someone_else')).toBe(position(9));
    expect(await store.get(TICKETS.name, 'a')).toEqual(ticket('a', { title: 'at 9' }, 9));
    // From there the checkpoint moves forwards again as usual.
    await store.applyBatch('contract', [], position(2));
    expect(await store.checkpoint('contract')).toBe(position(2));
  });

  it('changes nothing when the same batch is applied again', async () => {
    const store = storeOf();
    const batch = [ticket('a', { title: 'first' }, 5), ticket('b', {}, 6)];
    await put(store, batch, position(6));
    await put(store, batch, position(6));
    expect(await store.count(TICKETS.name)).toBe(2);
    expect(await store.get(TICKETS.name, 'a')).toEqual(batch[0]);
    expect(await store.checkpoint('contract')).toBe(position(6));
  });

  it('replaces a document only with a write at a later position', async () => {
    const store = storeOf();
    await put(store, [ticket('a', { title: 'at 5' }, 5)]);
    await put(store, [ticket('a', { title: 'stale at 3' }, 3)]);
    await put(store, [ticket('a', { title: 'same 5' }, 5)]);
    expect((await store.get<Ticket>(TICKETS.name, 'a'))?.title).toBe('at 5');
    await put(store, [ticket('a', { title: 'at 8' }, 8)]);
    expect((await store.get<Ticket>(TICKETS.name, 'a'))?.title).toBe('at 8');
  });

  it('replaces the whole document, dropping fields the new one lacks', async () => {
    const store = storeOf();
    await put(store, [ticket('a', { assignee: 'ann' }, 1)]);
    const { assignee: _dropped, ...withoutAssignee } = ticket('a', {}, 2);
    await put(store, [withoutAssignee]);
    expect(await store.get(TICKETS.name, 'a')).toEqual(withoutAssignee);
  });

  it('writes to several collections in one batch', async () => {
    const store = storeOf();
    await store.applyBatch('contract', [
      { collection: TICKETS.name, document: ticket('a') },
      { collection: OTHER.name, document: { id: 'a', _position: position(1) } },
    ], position(1));
    expect(await store.get(OTHER.name, 'a')).toEqual({ id: 'a', _position: position(1) });
    expect(await store.get(TICKETS.name, 'a')).not.toBeNull();
  });

  it('hands out copies: changing a returned document changes nothing stored', async () => {
    const store = storeOf();
    await put(store, [ticket('a')]);
    const copy = (await store.get<Ticket>(TICKETS.name, 'a')) as { title: string };
    copy.title = 'mutated';
    expect((await store.get<Ticket>(TICKETS.name, 'a'))?.title).toBe('Ticket a');
  });

  it('refuses collection names that are not plain identifiers', async () => {
    const store = storeOf();
    for (const bad of ['x"; DROP TABLE read_checkpoints; --', 'a-b', '', 'a.b', 'a b']) {
      await expect(store.ensureCollection({ name: bad, indexes: [] })).rejects.toThrow();
      await expect(store.find(bad, { limit: 1 })).rejects.toThrow();
    }
  });
}
