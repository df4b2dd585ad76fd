import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryReadStore } from '../memory/memory-read-store';
import type { Filter } from '../read-store';
import { TICKETS, manyTickets, nextTurn, position, ticket, type Ticket } from '../testing/contract-fixtures';
import { SqliteReadStore } from './sqlite-read-store';

/**
 * A read store file written before indexes were built on generated columns: the same table, each
 * index an expression over json_extract (as createCollection made them until issue 15).
 */
function writeFileOfTheFormerSchema(filename: string, tickets: readonly Ticket[]): void {
  const db = new Database(filename);
  const table = `"doc_${TICKETS.name}"`;
  db.exec(`CREATE TABLE ${table} (id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, position TEXT NOT NULL)`);
  for (const { fields } of TICKETS.indexes) {
    const columns = [...fields.map((field) => `json_extract(body, '$.${field}')`), 'id'].join(', ');
    db.exec(`CREATE INDEX "ix_${TICKETS.name}(${fields.join(',')})" ON ${table} (${columns})`);
  }
  const insert = db.prepare(`INSERT INTO ${table} (id, body, position) VALUES (?, ?, ?)`);
  for (const ticket of tickets) insert.run(ticket.id, JSON.stringify(ticket), ticket._position);
  db.close();
}

const byStatusPage = { filter: { status: 'open' }, sort: [{ field: 'priority', direction: 'asc' as const }, { field: 'openedAt', direction: 'asc' as const }], limit: 3 };
const seekOf = (plan: string[]) => plan.find((step) => step.startsWith('SEARCH')) ?? plan.join('; ');

describe('SqliteReadStore opening a file of the former schema (expression indexes)', () => {
  let directory: string;
  let filename: string;
  const tickets = manyTickets(40);
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'read-store-upgrade-'));
    mkdirSync(join(directory, 'nested'));
    filename = join(directory, 'nested', 'read.db');
    writeFileOfTheFormerSchema(filename, tickets);
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('upgrades it when the collection is ensured: generated columns and indexes on them, the documents as they were', async () => {
    const store = new SqliteReadStore({ filename });
    const before = await store.find<Ticket>(TICKETS.name, { ...byStatusPage, limit: 100 });
    expect(seekOf(await store.queryPlan(TICKETS.name, byStatusPage, 'next'))).not.toMatch(/\)>\(/);

    await store.ensureCollection(TICKETS);

    expect(seekOf(await store.queryPlan(TICKETS.name, byStatusPage, 'next'))).toMatch(/USING INDEX ix_contract_tickets_v1\(status,priority,openedAt\) \(\$\.status=\? AND \(\$\.priority,\$\.openedAt,id\)>\(\?,\?,\?\)\)/);
    expect(await store.find<Ticket>(TICKETS.name, { ...byStatusPage, limit: 100 })).toEqual(before);
    expect(await store.count(TICKETS.name)).toBe(tickets.length);
    await store.ensureCollection(TICKETS); // a second start changes nothing
    await store.close();

    const db = new Database(filename, { readonly: true });
    const expressions = db.prepare(`SELECT count(*) AS n FROM sqlite_master m, pragma_index_xinfo(m.name) x WHERE m.type = 'index' AND x.cid = -2`).get() as { n: number };
    expect(expressions.n).toBe(0);
    db.close();
  });

  it('lets a read-only store opened before the upgrade seek once the writer has upgraded the file', async () => {
    const reader = new SqliteReadStore({ filename, readonly: true });
    const firstPage = await reader.find<Ticket>(TICKETS.name, byStatusPage);
    expect(seekOf(await reader.queryPlan(TICKETS.name, byStatusPage, 'next'))).not.toMatch(/\)>\(/);

    const writer = new SqliteReadStore({ filename });
    await writer.ensureCollection(TICKETS);
    const changed: Ticket = { ...tickets[1]!, title: 'changed', _position: position(9) };
    await writer.applyBatch('p', [{ collection: TICKETS.name, document: changed }], position(9));
    await nextTurn();

    expect(seekOf(await reader.queryPlan(TICKETS.name, byStatusPage, 'next'))).toMatch(/\(\$\.priority,\$\.openedAt,id\)>\(\?,\?,\?\)/);
    const secondPage = await reader.find<Ticket>(TICKETS.name, { ...byStatusPage, cursor: firstPage.nextCursor });
    const all = (await reader.find<Ticket>(TICKETS.name, { ...byStatusPage, limit: 100 })).items.map(({ id }) => id);
    expect([...firstPage.items, ...secondPage.items].map(({ id }) => id)).toEqual(all.slice(0, 6));
    expect((await reader.get<Ticket>(TICKETS.name, tickets[1]!.id))?.title).toBe('changed');
    await Promise.all([reader.close(), writer.close()]);
  });
});

/**
 * A read store file written before type columns: each indexed field a STORED value column only (as
 * createCollection made them from issue 15's stored columns until their JSON types were kept too).
 */
function writeFileWithoutTypeColumns(filename: string, documents: readonly Ticket[]): void {
  const db = new Database(filename);
  const table = `"doc_${TICKETS.name}"`;
  const fields = [...new Set(TICKETS.indexes.flatMap(({ fields }) => fields))];
  const columns = fields.map((field) => `, "$.${field}" GENERATED ALWAYS AS (json_extract(body, '$.${field}')) STORED`).join('');
  db.exec(`CREATE TABLE ${table} (id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, position TEXT NOT NULL${columns})`);
  for (const { fields: indexed } of TICKETS.indexes) db.exec(`CREATE INDEX "ix_${TICKETS.name}(${indexed.join(',')})" ON ${table} (${[...indexed.map((field) => `"$.${field}"`), 'id'].join(', ')})`);
  const insert = db.prepare(`INSERT INTO ${table} (id, body, position) VALUES (?, ?, ?)`);
  for (const document of documents) insert.run(document.id, JSON.stringify(document), document._position);
  db.close();
}

/** Queries whose answers hang on each indexed field's JSON type, not its value alone. */
const TYPE_SENSITIVE: readonly Filter[] = [
  { active: true },
  { active: 1 },
  { priority: { $in: [1, true] } },
  { priority: { $gte: 0 }, active: false },
  { status: { $gte: '' } },
];

describe('SqliteReadStore opening a file without type columns', () => {
  let directory: string;
  let filename: string;
  const odd = (id: string, fields: Record<string, unknown>) => ({ ...ticket(id), ...fields }) as unknown as Ticket;
  const documents = [...manyTickets(20), odd('x1', { active: 1, priority: true }), odd('x2', { status: { open: true }, priority: '1' })];
  const reference = new MemoryReadStore();
  const answersOf = async (store: SqliteReadStore | MemoryReadStore) =>
    Promise.all(TYPE_SENSITIVE.map(async (filter) => (await store.find<Ticket>(TICKETS.name, { filter, limit: 100 })).items.map(({ id }) => id)));
  let expected: string[][];
  beforeAll(async () => {
    await reference.ensureCollection(TICKETS);
    await reference.applyBatch('p', documents.map((document) => ({ collection: TICKETS.name, document })), position(1));
    expected = await answersOf(reference);
  });
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'read-store-upgrade-types-'));
    filename = join(directory, 'read.db');
    writeFileWithoutTypeColumns(filename, documents);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(directory, { recursive: true, force: true });
  });

  it('answers as before, then after the writer adds the type columns in place, as the reference adapter does', async () => {
    const reader = new SqliteReadStore({ filename, readonly: true });
    const prepared: string[] = [];
    const prepare = Database.prototype.prepare;
    jest.spyOn(Database.prototype, 'prepare').mockImplementation(function (this: Database.Database, sql: string) {
      prepared.push(sql);
      return prepare.call(this, sql);
    });
    expect(await answersOf(reader)).toEqual(expected);
    expect(prepared.filter((sql) => sql.startsWith('SELECT body')).join('\n')).toContain(`json_type(body, '$.active')`);

    const writer = new SqliteReadStore({ filename });
    await writer.ensureCollection(TICKETS);
    expect(await answersOf(writer)).toEqual(expected);
    await nextTurn();
    prepared.length = 0;
    expect(await answersOf(reader)).toEqual(expected);
    const finds = prepared.filter((sql) => sql.startsWith('SELECT body')).join('\n');
    expect(finds).toContain(`"json_type($.active)"`);
    expect(finds).not.toContain('json_type(body');
    expect(await writer.count(TICKETS.name)).toBe(documents.length);
    await Promise.all([reader.close(), writer.close()]);
  });
});
