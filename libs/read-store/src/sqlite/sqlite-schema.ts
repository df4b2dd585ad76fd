import type Database from 'better-sqlite3';
import type { CollectionDefinition, IndexDefinition } from '../read-store';
import { assertCollectionName, assertFieldPath } from '../query/names';
import { jsonExtract, jsonType } from './sql-query';

/** Documents live in `doc_<collection>` so that no collection can collide with our own tables. */
export function tableOf(collection: string): string {
  return `"doc_${assertCollectionName(collection)}"`;
}

export const CHECKPOINTS_TABLE = 'read_checkpoints';
export const LEASES_TABLE = 'read_leases';

/**
 * The generated column holding an indexed field: named after its JSON path (`$.owner.team`), which
 * no base column (id, body, position) can be.
 */
export function columnOf(field: string): string {
  return `"$.${assertFieldPath(field)}"`;
}

/**
 * The generated column holding an indexed field's JSON type (json_type: 'true', 'integer', 'text',
 * ...): a query tests it instead of parsing the body per row, because the value column alone cannot
 * tell JSON true from 1, nor a string from an object (json_extract gives 1 and text for both).
 */
export function typeColumnOf(field: string): string {
  return `"json_type($.${assertFieldPath(field)})"`;
}

export function createBaseSchema(db: Database.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${CHECKPOINTS_TABLE} (projection TEXT PRIMARY KEY NOT NULL, position TEXT NOT NULL)`);
  db.exec(`CREATE TABLE IF NOT EXISTS ${LEASES_TABLE} (name TEXT PRIMARY KEY NOT NULL, owner TEXT NOT NULL, expires_at INTEGER NOT NULL)`);
}

/**
 * One table per collection; each field a declared index names is a generated column (json_extract
 * of the body), and each index is built over those columns with `id` appended, so that the store's
 * `..., id` tiebreak needs no sort step. Columns rather than expression indexes because SQLite seeks
 * a row-value comparison (the keyset cursor, `(a, b, id) > (?, ?, ?)`) only on an index's columns,
 * never on its expressions: with expressions, page 400 of a queue read and skipped the 399 pages
 * before it.
 *
 * A new table declares its columns STORED, for its indexes and for those it will be given later
 * (`deferredIndexes`): each is computed once per write (SQLite parses the body once for all of
 * them), so building an index after a bulk load reads the values instead of parsing every body
 * again per index, which took twice as long (ADR 22).
 *
 * Each such field also has a column of its JSON type, STORED alike, which a query's type test reads.
 *
 * Also the upgrade, on start, of a file made before: a missing column (value or type) is added
 * VIRTUAL (computed on read and kept only in the index: adding one rewrites nothing, and ALTER TABLE
 * cannot add a stored one; its reads then cost what the expression did), and an index still built
 * on expressions is dropped and built again on the columns.
 * Documents are untouched, so no read model needs a rebuild.
 */
export function createCollection(db: Database.Database, definition: CollectionDefinition): void {
  const table = tableOf(definition.name);
  const fieldsOf = (indexes: readonly IndexDefinition[]) => [...new Set(indexes.flatMap((index) => index.fields.map(assertFieldPath)))].filter((field) => field !== 'id');
  const fields = fieldsOf([...definition.indexes, ...(definition.deferredIndexes ?? [])]);
  // IMMEDIATE: a deferred transaction that finds the table and then adds a missing index would
  // upgrade its read lock to a write lock, which SQLite refuses at once (no busy wait) when another
  // process writes meanwhile. It also makes the look at the columns and their addition one step.
  db.transaction(() => {
    if (!tableExists(db, definition.name)) {
      const stored = fields.flatMap((field) => columnsOf(field).map(([column, expression]) => `, ${column} GENERATED ALWAYS AS (${expression}) STORED`)).join('');
      db.exec(`CREATE TABLE ${table} (id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, position TEXT NOT NULL${stored})`);
    }
    const existing = generatedColumns(db, definition.name);
    for (const [column, expression] of fields.flatMap(columnsOf).filter(([candidate]) => !existing.has(candidate))) {
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} GENERATED ALWAYS AS (${expression}) VIRTUAL`);
    }
    for (const index of definition.indexes) {
      const name = `ix_${definition.name}(${index.fields.join(',')})`;
      if (isOnExpressions(db, name)) db.exec(`DROP INDEX "${name}"`);
      const columns = [...index.fields.filter((field) => field !== 'id').map(columnOf), 'id'].join(', ');
      db.exec(`CREATE INDEX IF NOT EXISTS "${name}" ON ${table} (${columns})`);
    }
  }).immediate();
}

/** The generated columns of an indexed field: its value, then its JSON type. */
function columnsOf(field: string): [column: string, expression: string][] {
  return [
    [columnOf(field), jsonExtract(field)],
    [typeColumnOf(field), jsonType(field)],
  ];
}

/** The names of a collection's generated columns (none when the table is missing). */
function generatedColumnNames(db: Database.Database, collection: string): string[] {
  const columns = db.prepare(`SELECT name FROM pragma_table_xinfo(?) WHERE hidden IN (2, 3)`).all(`doc_${assertCollectionName(collection)}`) as { name: string }[];
  return columns.map(({ name }) => name);
}

/** The generated columns of a collection, quoted as columnOf and typeColumnOf spell them. */
function generatedColumns(db: Database.Database, collection: string): Set<string> {
  return new Set(generatedColumnNames(db, collection).map((name) => `"${name}"`));
}

/** The fields of a collection with a value column, and those with a type column too (a file made before has none of the latter). */
export function generatedFields(db: Database.Database, collection: string): { readonly values: Set<string>; readonly types: Set<string> } {
  const names = generatedColumnNames(db, collection);
  const typed = /^json_type\(\$\.(.+)\)$/;
  return {
    values: new Set(names.filter((name) => name.startsWith('$.')).map((name) => name.slice(2))),
    types: new Set(names.flatMap((name) => typed.exec(name)?.[1] ?? [])),
  };
}

/** An index as made before generated columns: its keys are json_extract expressions (cid -2). */
function isOnExpressions(db: Database.Database, index: string): boolean {
  return db.prepare(`SELECT 1 FROM pragma_index_xinfo(?) WHERE cid = -2`).get(index) !== undefined;
}

export function tableExists(db: Database.Database, collection: string): boolean {
  const row = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(`doc_${assertCollectionName(collection)}`);
  return row !== undefined;
}
