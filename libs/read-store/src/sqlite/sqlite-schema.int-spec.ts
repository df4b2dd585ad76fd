import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TICKETS, manyTickets, position } from '../testing/contract-fixtures';
import { SqliteReadStore } from './sqlite-read-store';

/** Each generated column of the collection's table: 2 is VIRTUAL, 3 STORED (pragma table_xinfo). */
function generatedColumns(filename: string): Record<string, 'virtual' | 'stored'> {
  const db = new Database(filename, { readonly: true });
  try {
    const rows = db.prepare(`SELECT name, hidden FROM pragma_table_xinfo(?) WHERE hidden IN (2, 3)`).all(`doc_${TICKETS.name}`) as { name: string; hidden: number }[];
    return Object.fromEntries(rows.map(({ name, hidden }) => [name, hidden === 3 ? 'stored' : 'virtual']));
  } finally {
    db.close();
  }
}

const INDEXED_FIELDS = ['status', 'priority', 'openedAt', 'owner.team', 'active', 'assignee'];
/** Each indexed field's value and its JSON type, both stored. */
const EVERY_FIELD = Object.fromEntries(INDEXED_FIELDS.flatMap((field) => [[`$.${field}`, 'stored'], [`json_type($.${field})`, 'stored']]));
const byStatusPage = { filter: { status: 'open' }, sort: [{ field: 'priority', direction: 'asc' as const }, { field: 'openedAt', direction: 'asc' as const }], limit: 3 };

describe('SQLite read store schema: a new table keeps its indexed fields and their JSON types as stored columns', () => {
  let directory: string;
  let filename: string;
  let store: SqliteReadStore;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'read-store-schema-'));
    filename = join(directory, 'read.db');
    store = SqliteReadStore.open({ filename });
  });
  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('made with its indexes, stores every field they name and its type', async () => {
    await store.ensureCollection(TICKETS);
    expect(generatedColumns(filename)).toEqual(EVERY_FIELD);
  });

  it('made for a bulk load (indexes deferred), stores the deferred indexes\' fields and builds no index until they are given', async () => {
    await store.ensureCollection({ name: TICKETS.name, indexes: [], deferredIndexes: TICKETS.indexes });
    expect(generatedColumns(filename)).toEqual(EVERY_FIELD);
    expect((await store.queryPlan(TICKETS.name, byStatusPage)).join('; ')).not.toContain('USING INDEX');

    const tickets = manyTickets(40);
    await store.applyBatch('p', tickets.map((document) => ({ collection: TICKETS.name, document })), position(50));
    await store.ensureCollection(TICKETS);
    expect(generatedColumns(filename)).toEqual(EVERY_FIELD);
    expect((await store.queryPlan(TICKETS.name, byStatusPage)).join('; ')).toContain('USING INDEX ix_contract_tickets_v1(status,priority,openedAt)');
    const page = await store.find(TICKETS.name, byStatusPage);
    expect(page.items.map(({ id }) => id)).toEqual(
      tickets
        .filter(({ status }) => status === 'open')
        .sort((a, b) => a.priority - b.priority || a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id))
        .slice(0, 3)
        .map(({ id }) => id),
    );
  });
});
