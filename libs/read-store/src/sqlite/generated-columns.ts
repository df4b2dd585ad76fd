import type Database from 'better-sqlite3';
import { columnOf, generatedFields, typeColumnOf } from './sqlite-schema';
import { jsonExtract, jsonType, type Spelling } from './sql-query';

interface KnownColumns {
  readonly values: ReadonlySet<string>;
  readonly types: ReadonlySet<string>;
  readonly schemaVersion: number;
}

/** How a query spells the fields it names; `complete` when each has both its columns, so no later look can change the spelling. */
export interface FieldSpelling extends Spelling {
  readonly complete: boolean;
}

/**
 * Which fields of each collection have generated columns (value and JSON type), so a query spells
 * them as their index does and tests types without parsing the body. Another process may add
 * columns later (the projector upgrading a file the query side already reads), so a query naming a
 * field without both columns looks again, but only when the schema has changed since the last look
 * (PRAGMA schema_version, a counter every schema change bumps).
 */
export class GeneratedColumns {
  private readonly known = new Map<string, KnownColumns>();
  private readonly version: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.version = db.prepare('PRAGMA schema_version').pluck();
  }

  /** How to spell each field in a query on `collection` that names `fields`. */
  spelling(collection: string, fields: readonly string[]): FieldSpelling {
    let known = this.known.get(collection);
    const missing = (entry: KnownColumns) => fields.some((field) => field !== 'id' && !(entry.values.has(field) && entry.types.has(field)));
    if (!known || (missing(known) && this.version.get() !== known.schemaVersion)) known = this.look(collection);
    const { values, types } = known;
    return {
      value: (field) => (field === 'id' ? 'id' : values.has(field) ? columnOf(field) : jsonExtract(field)),
      type: (field) => (types.has(field) ? typeColumnOf(field) : jsonType(field)),
      complete: !missing(known),
    };
  }

  /** After this process changed the schema itself. */
  forget(collection: string): void {
    this.known.delete(collection);
  }

  private look(collection: string): KnownColumns {
    // The version first: a change landing between the two reads is then seen again on the next miss.
    const schemaVersion = this.version.get() as number;
    const known = { ...generatedFields(this.db, collection), schemaVersion };
    this.known.set(collection, known);
    return known;
  }
}
