import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FindQuery } from '../read-store';
import { TICKETS, manyTickets, put, type Ticket } from '../testing/contract-fixtures';
import { GeneratedColumns } from './generated-columns';
import { SqliteReadStore } from './sqlite-read-store';

const byPriority = [{ field: 'priority', direction: 'asc' as const }, { field: 'openedAt', direction: 'asc' as const }];
/** A queue read: a boolean, a string, numbers and a range, every field indexed. */
const queueLike: FindQuery = { filter: { active: true, status: { $in: ['open', 'on_hold'] }, priority: { $in: [1, 2] }, openedAt: { $gte: '2024' } }, sort: byPriority, limit: 5 };

describe('SqliteReadStore find statements', () => {
  let directory: string;
  let store: SqliteReadStore;
  let prepared: string[];
  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'read-store-statements-'));
    store = new SqliteReadStore({ filename: join(directory, 'read.db') });
    await store.ensureCollection(TICKETS);
    await put(store, manyTickets(40));
    prepared = [];
    const prepare = Database.prototype.prepare;
    jest.spyOn(Database.prototype, 'prepare').mockImplementation(function (this: Database.Database, sql: string) {
      prepared.push(sql);
      return prepare.call(this, sql);
    });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('test the JSON type of indexed fields on their type columns, never parsing the body per row', async () => {
    await store.find(TICKETS.name, queueLike);
    await store.find(TICKETS.name, { ...queueLike, filter: { ...queueLike.filter, title: { $gte: 'T' } } });
    const finds = prepared.filter((sql) => sql.startsWith('SELECT body'));
    expect(finds.length).toBeGreaterThan(0);
    for (const sql of finds) {
      expect(sql).toContain(`"json_type($.active)" = 'true'`);
      expect(sql).not.toMatch(/json_type\(body, '\$\.(active|status|priority|openedAt)'\)/);
    }
    // A field no index names has no columns: its type is still read from the body.
    expect(finds.some((sql) => sql.includes(`json_type(body, '$.title')`))).toBe(true);
  });

  it('bind a page\'s LIMIT through an expression, so SQLite compiles each statement once (ADR 29)', async () => {
    // SQLite 3.47+ plans a LIMIT with a bare parameter's bound value, and so compiles the statement again at every run.
    const first = await store.find(TICKETS.name, queueLike);
    await store.find(TICKETS.name, { ...queueLike, cursor: first.nextCursor });
    await store.find(TICKETS.name, { filter: { status: { $in: ['open', 'on_hold'] } }, sort: byPriority, limit: 5 });
    const finds = prepared.filter((sql) => sql.startsWith('SELECT body'));
    expect(finds.length).toBeGreaterThanOrEqual(3);
    for (const sql of finds) expect(sql).toMatch(/ LIMIT \+\?$/);
  });

  it('remember a first page: asked again, it is neither spelled nor built again; a later page is', async () => {
    const spelling = jest.spyOn(GeneratedColumns.prototype, 'spelling');
    const first = await store.find(TICKETS.name, queueLike);
    const spelled = spelling.mock.calls.length;
    expect(await store.find(TICKETS.name, { ...queueLike, filter: { ...queueLike.filter } })).toEqual(first);
    expect(spelling.mock.calls.length).toBe(spelled);

    await store.find(TICKETS.name, { ...queueLike, cursor: first.nextCursor });
    expect(spelling.mock.calls.length).toBeGreaterThan(spelled);
  });

  it('never answer one query with the statement remembered for another of the same shape', async () => {
    const open = await store.find<Ticket>(TICKETS.name, { filter: { status: 'open', active: true }, sort: byPriority, limit: 50 });
    const onHold = await store.find<Ticket>(TICKETS.name, { filter: { status: 'on_hold', active: true }, sort: byPriority, limit: 50 });
    const inactive = await store.find<Ticket>(TICKETS.name, { filter: { status: 'open', active: false }, sort: byPriority, limit: 50 });
    expect(open.items.every(({ status }) => status === 'open')).toBe(true);
    expect(onHold.items.length).toBeGreaterThan(0);
    expect(onHold.items.every(({ status }) => status === 'on_hold')).toBe(true);
    expect(inactive.items.every(({ active }) => active === false)).toBe(true);
    expect((await store.find<Ticket>(TICKETS.name, { filter: { status: 'open', active: true }, sort: byPriority, limit: 2 })).items).toEqual(open.items.slice(0, 2));
  });

  it('forget what they remembered when a collection is ensured', async () => {
    const spelling = jest.spyOn(GeneratedColumns.prototype, 'spelling');
    await store.find(TICKETS.name, queueLike);
    await store.ensureCollection(TICKETS);
    const before = spelling.mock.calls.length;
    await store.find(TICKETS.name, queueLike);
    expect(spelling.mock.calls.length).toBeGreaterThan(before);
  });
});
