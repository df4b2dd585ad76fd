import type Database from 'better-sqlite3';
import { columnOf, generatedFields } from './sqlite-schema';
import { jsonExtract, type FieldSql } from './sql-query';

interface KnownColumns {
  readonly fields: ReadonlySet<string>;
  readonly schemaVersion: number;
}

/**
 * Which fields of each collection have a generated column, so a query spells them as their index
 * does. Another process may add columns later (the projector upgrading a file the query side already
 * reads), so a query naming a field without a column looks again, but only when the schema has
 * changed since the last look (PRAGMA schema_version, a counter every schema change bumps).
 */
export class GeneratedColumns {
  private readonly known = new Map<string, KnownColumns>();
  private readonly version: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.version = db.prepare('PRAGMA schema_version').pluck();
  }

  /** How to spell each field in a query on `collection` that names `fields`. */
  fieldSql(collection: string, fields: readonly string[]): FieldSql {
    let known = this.known.get(collection);
    const missing = (entry: KnownColumns) => fields.some((field) => field !== 'id' && !entry.fields.has(field));
    if (!known || (missing(known) && this.version.get() !== known.schemaVersion)) known = this.look(collection);
    const { fields: withColumn } = known;
    return (field) => (field === 'id' ? 'id' : withColumn.has(field) ? columnOf(field) : jsonExtract(field));
  }

  /** After this process changed the schema itself. */
  forget(collection: string): void {
    this.known.delete(collection);
  }

  private look(collection: string): KnownColumns {
    // The version first: a change landing between the two reads is then seen again on the next miss.
    const schemaVersion = this.version.get() as number;
    const known = { fields: generatedFields(this.db, collection), schemaVersion };
    this.known.set(collection, known);
    return known;
  }
}
