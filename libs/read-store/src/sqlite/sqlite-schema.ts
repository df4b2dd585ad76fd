import type Database from 'better-sqlite3';
import type { CollectionDefinition } from '../read-store';
import { assertCollectionName, assertFieldPath } from '../query/names';
import { fieldExpression } from './sql-query';

/** Documents live in `doc_<collection>` so that no collection can collide with our own tables. */
export function tableOf(collection: string): string {
  return `"doc_${assertCollectionName(collection)}"`;
}

export const CHECKPOINTS_TABLE = 'read_checkpoints';
export const LEASES_TABLE = 'read_leases';

export function createBaseSchema(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${CHECKPOINTS_TABLE} (projection TEXT PRIMARY KEY NOT NULL, position TEXT NOT NULL)`);
  db.exec(`CREATE TABLE IF NOT EXISTS ${LEASES_TABLE} (name TEXT PRIMARY KEY NOT NULL, owner TEXT NOT NULL, expires_at INTEGER NOT NULL)`);
}

/**
 * One table per collection, and each declared index as an expression index over json_extract with
 * `id` appended, so that the store's `..., id` tiebreak is served by the index without a sort step.
 */
export function createCollection(db: Database.Database, definition: CollectionDefinition): void {
  const table = tableOf(definition.name);
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, position TEXT NOT NULL)`,
    ...definition.indexes.map((index) => {
      const fields = index.fields.map(assertFieldPath);
      const name = `"ix_${definition.name}(${fields.join(',')})"`;
      const columns = [...fields.filter((field) => field !== 'id').map(fieldExpression), 'id'].join(', ');
      return `CREATE INDEX IF NOT EXISTS ${name} ON ${table} (${columns})`;
    }),
  ];
  // IMMEDIATE: a deferred transaction that finds the table and then adds a missing index would
  // upgrade its read lock to a write lock, which SQLite refuses at once (no busy wait) when another
  // process writes meanwhile.
  db.transaction(() => statements.forEach((statement) => db.exec(statement))).immediate();
}

export function tableExists(db: Database.Database, collection: string): boolean {
  const row = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(`doc_${assertCollectionName(collection)}`);
  return row !== undefined;
}
