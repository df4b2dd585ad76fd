import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReadStoreContract } from '../testing/read-store-contract';
import type { Filter } from '../read-store';
import { TICKETS, manyTickets, nextTurn, position, put, ticket } from '../testing/contract-fixtures';
import { SqliteReadStore } from './sqlite-read-store';
import { CHECKPOINTS_TABLE } from './sqlite-schema';

function temporaryFile(): { filename: string; removeDirectory(): void } {
  const directory = mkdtempSync(join(tmpdir(), 'read-store-'));
  return { filename: join(directory, 'nested', 'read.db'), removeDirectory: () => rmSync(directory, { recursive: true, force: true }) };
}

describeReadStoreContract('sqlite', async () => {
  const { filename, removeDirectory } = temporaryFile();
  const store = new SqliteReadStore({ filename });
  return {
    store,
    cleanup: async () => {
      await store.close();
      removeDirectory();
    },
  };
});

describe('SqliteReadStore answers a page as text from what it stored (findAsJson, ADR 27)', () => {
  it('parses only the last row of a page, for its cursor, when the documents are stored as the runner writes them', async () => {
    const file = temporaryFile();
    const store = new SqliteReadStore({ filename: file.filename });
    try {
      await store.ensureCollection(TICKETS);
      await put(store, manyTickets(40).map(({ _position, ...rest }) => ({ ...rest, _position })));
      const parse = jest.spyOn(JSON, 'parse');
      const page = await store.findAsJson(TICKETS.name, { sort: [{ field: 'priority', direction: 'asc' }], limit: 25 });
      expect(parse).toHaveBeenCalledTimes(1);
      parse.mockRestore();
      expect(page.items).toHaveLength(25);
      expect(typeof page.nextCursor).toBe('string');
    } finally {
      await store.close();
      file.removeDirectory();
    }
  });
});

describe('SqliteReadStore reads of one turn of the event loop share one snapshot (ADR 28)', () => {
  let file: ReturnType<typeof temporaryFile>;
  let writer: SqliteReadStore;
  let reader: SqliteReadStore;
  beforeEach(async () => {
    file = temporaryFile();
    writer = new SqliteReadStore({ filename: file.filename });
    await writer.ensureCollection(TICKETS);
    await writer.applyBatch('p', [{ collection: TICKETS.name, document: ticket('a') }], position(1));
    reader = new SqliteReadStore({ filename: file.filename, readonly: true });
  });
  afterEach(async () => {
    await Promise.all([reader.close(), writer.close()]);
    file.removeDirectory();
  });

  it('reads what another connection commits during the turn from the next turn on, every read of the turn agreeing', async () => {
    expect(await reader.count(TICKETS.name)).toBe(1);
    await writer.applyBatch('p', [{ collection: TICKETS.name, document: ticket('b', {}, 2) }], position(2));

    expect(await reader.get(TICKETS.name, 'b')).toBeNull();
    expect(await reader.checkpoint('p')).toBe(position(1));
    expect((await reader.find(TICKETS.name, { limit: 10 })).items.map(({ id }) => id)).toEqual(['a']);
    await nextTurn();
    expect(await reader.get(TICKETS.name, 'b')).toEqual(ticket('b', {}, 2));
    expect(await reader.checkpoint('p')).toBe(position(2));
  });

  it('commits a write at once, not inside the turn\'s snapshot, and reads it back at once', async () => {
    const other = new Database(file.filename, { readonly: true });
    const checkpointSeenElsewhere = () => other.prepare(`SELECT position FROM ${CHECKPOINTS_TABLE} WHERE projection = 'p'`).pluck().get();
    try {
      expect(await writer.count(TICKETS.name)).toBe(1);
      await writer.applyBatch('p', [{ collection: TICKETS.name, document: ticket('b', {}, 2) }], position(2));
      expect(checkpointSeenElsewhere()).toBe(position(2));
      expect(await writer.count(TICKETS.name)).toBe(2);
      await writer.resetCheckpoint('p', position(1));
      expect(checkpointSeenElsewhere()).toBe(position(1));
      expect(await writer.checkpoint('p')).toBe(position(1));
    } finally {
      other.close();
    }
  });

  it('holds no snapshot past its turn, so a checkpoint can copy every frame of the WAL into the file', async () => {
    const checkpointer = new Database(file.filename, { timeout: 0 });
    const checkpoint = () => (checkpointer.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[])[0]!;
    try {
      expect(await reader.count(TICKETS.name)).toBe(1);
      await writer.applyBatch('p', [{ collection: TICKETS.name, document: ticket('b', {}, 2) }], position(2));
      const during = checkpoint();
      expect(during.checkpointed).toBeLessThan(during.log);
      await nextTurn();
      const after = checkpoint();
      expect(after.checkpointed).toBe(after.log);
    } finally {
      checkpointer.close();
    }
  });
});

describe('SqliteReadStore across connections', () => {
  let file: ReturnType<typeof temporaryFile>;
  beforeEach(() => (file = temporaryFile()));
  afterEach(() => file.removeDirectory());

  it('lets a read-only connection, opened first, see what the writer commits later', async () => {
    const reader = new SqliteReadStore({ filename: file.filename, readonly: true });
    expect(await reader.checkpoint('p')).toBeNull();
    expect(await reader.count(TICKETS.name)).toBe(0);

    const writer = new SqliteReadStore({ filename: file.filename });
    await writer.ensureCollection(TICKETS);
    await writer.applyBatch('p', [{ collection: TICKETS.name, document: ticket('a') }], position(4));
    await nextTurn();

    expect(await reader.get(TICKETS.name, 'a')).toEqual(ticket('a'));
    expect(await reader.checkpoint('p')).toBe(position(4));
    await expect(reader.applyBatch('p', [], position(5))).rejects.toThrow(/read-only/);
    await reader.ping();
    await Promise.all([reader.close(), writer.close()]);
  });

  it('keeps documents and checkpoint after reopening the file', async () => {
    const first = new SqliteReadStore({ filename: file.filename });
    await first.ensureCollection(TICKETS);
    await first.applyBatch('p', [{ collection: TICKETS.name, document: ticket('a') }], position(2));
    await first.close();
    const second = new SqliteReadStore({ filename: file.filename });
    expect(await second.get(TICKETS.name, 'a')).toEqual(ticket('a'));
    expect(await second.checkpoint('p')).toBe(position(2));
    await second.close();
  });

  it('lands nothing when a write in the batch fails', async () => {
    const store = new SqliteReadStore({ filename: file.filename });
    await store.ensureCollection(TICKETS);
    // The second document cannot be serialized: the first must roll back with it.
    const unserializable = { ...ticket('b'), size: BigInt(1) };
    const batch = [
      { collection: TICKETS.name, document: ticket('a') },
      { collection: TICKETS.name, document: unserializable },
    ];
    await expect(store.applyBatch('p', batch, position(3))).rejects.toThrow();
    expect(await store.get(TICKETS.name, 'a')).toBeNull();
    expect(await store.checkpoint('p')).toBeNull();
    await expect(store.applyBatch('p', [{ collection: 'contract_missing_v1', document: ticket('c') }], position(3))).rejects.toThrow(
      /does not exist/,
    );
    await store.close();
  });
});

describe('SqliteReadStore plans: a filter of several values seeks the index one value seeks', () => {
  let file: ReturnType<typeof temporaryFile>;
  let store: SqliteReadStore;
  beforeEach(async () => {
    file = temporaryFile();
    store = new SqliteReadStore({ filename: file.filename });
    await store.ensureCollection(TICKETS);
    await put(store, manyTickets(40));
  });
  afterEach(async () => {
    await store.close();
    file.removeDirectory();
  });

  const byPriority = [{ field: 'priority', direction: 'asc' as const }, { field: 'openedAt', direction: 'asc' as const }];
  const searchOf = async (filter: Filter, sort = byPriority) => (await store.queryPlan(TICKETS.name, { filter, sort, limit: 50 })).find((step) => step.startsWith('SEARCH'));

  it.each([
    ['status', { status: 'open' }, { status: { $in: ['open', 'on_hold'] } }, 'ix_contract_tickets_v1(status,priority,openedAt)'],
    ['a nested field', { 'owner.team': 'desktop' }, { 'owner.team': { $in: ['desktop', 'network'] } }, 'ix_contract_tickets_v1(owner.team)'],
    ['a leading equality and a list', { active: true, assignee: 'agent1' }, { active: true, assignee: { $in: ['agent1', 'agent2'] } }, 'ix_contract_tickets_v1(active,assignee)'],
  ])('on %s', async (_label, one, several, index) => {
    expect(await searchOf(one)).toContain(`USING INDEX ${index}`);
    expect(await searchOf(several)).toContain(`USING INDEX ${index}`);
    // Page two as page one: the cursor's condition keeps the seek.
    const { nextCursor } = await store.find(TICKETS.name, { filter: several, sort: byPriority, limit: 2 });
    expect((await store.queryPlan(TICKETS.name, { filter: several, sort: byPriority, limit: 2, cursor: nextCursor })).find((step) => step.startsWith('SEARCH'))).toContain(`USING INDEX ${index}`);
  });

  it('asks a filter of several values on a field the sort does not name once per value, so nothing is sorted after the seek', async () => {
    const query = { filter: { status: { $in: ['open', 'on_hold'] } }, sort: byPriority, limit: 5 };
    for (const page of ['first', 'next'] as const) {
      const plan = await store.queryPlan(TICKETS.name, query, page);
      expect(plan.filter((step) => step.startsWith('SEARCH'))).toEqual([expect.stringContaining('USING INDEX ix_contract_tickets_v1(status,priority,openedAt) ($.status=?'), expect.stringContaining('USING INDEX ix_contract_tickets_v1(status,priority,openedAt) ($.status=?')]);
      expect(plan.join('; ')).not.toContain('USE TEMP B-TREE');
    }
    // Sorted by the field itself, the index gives the order for several values as written: one statement.
    expect((await store.queryPlan(TICKETS.name, { ...query, sort: [{ field: 'status', direction: 'asc' }] })).filter((step) => step.startsWith('SEARCH'))).toHaveLength(1);
  });
});
