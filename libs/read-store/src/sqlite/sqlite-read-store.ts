import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Position } from '@itsm/event-store/port';
import type { CollectionDefinition, DocumentWrite, Filter, FindQuery, JsonPage, Page, ProjectionBatch, ReadStore, StoredDocument } from '../read-store';
import { encodeCursor } from '../query/cursor';
import { pageAsJson, storedJsonWithoutBookkeeping } from '../query/json-page';
import { conditionsOf } from '../query/filter';
import { sortValuesOf } from '../query/sort-order';
import { CHECKPOINTS_TABLE, createBaseSchema, createCollection, LEASES_TABLE, tableExists, tableOf } from './sqlite-schema';
import { whereConditions } from './sql-query';
import { FindStatements, STATEMENT_CACHE_SIZE, type FindStatement } from './find-statements';
import { mergeInOrder } from './per-value';
import { GeneratedColumns } from './generated-columns';
import { retryWhileBusy } from './retry-while-busy';

export interface SqliteReadStoreOptions {
  readonly filename: string;
  /**
   * For the query side, while another process (the projector) writes: the file and base schema are
   * created if missing, then the connection is read-only. WAL lets it read while the writer commits.
   */
  readonly readonly?: boolean;
  /** How long to wait for another process's lock before failing; default 5000. */
  readonly busyTimeoutMs?: number;
}

/**
 * The writer's page cache (SQLite's default is 2 MiB): a rebuild upserts into tables and id
 * indexes of millions of rows, and builds their indexes at the end, sorting in this much memory
 * before it spills to temporary files. A bound, so the projector's memory stays flat.
 */
const WRITER_CACHE_MIB = 64;

/** Taken at load, so a test's fake timers cannot hold a snapshot open past its turn. */
const atTheEndOfThisTurn = setImmediate;

export class SqliteReadStore implements ReadStore {
  private readonly db: Database.Database;
  private readonly readonly: boolean;
  /** Only positive answers are cached: a collection may appear later, created by another process. */
  private readonly knownTables = new Set<string>();
  private readonly statements = new Map<string, Database.Statement>();
  private readonly columns: GeneratedColumns;
  private readonly finding: FindStatements;
  /** The guarded upsert of each collection, prepared once: a rebuild runs it millions of times. */
  private readonly upserts = new Map<string, Database.Statement>();
  private saveCheckpoint: Database.Statement | null = null;
  /** Whether the reads of this turn of the event loop share a read transaction (readInSnapshot). */
  private inSnapshot = false;

  /** Same as the constructor; opening is synchronous (better-sqlite3). */
  static open(options: SqliteReadStoreOptions): SqliteReadStore {
    return new SqliteReadStore(options);
  }

  constructor(options: SqliteReadStoreOptions) {
    this.readonly = options.readonly ?? false;
    const timeout = options.busyTimeoutMs ?? 5000;
    if (options.filename !== ':memory:') mkdirSync(dirname(options.filename), { recursive: true });
    if (this.readonly) initializeFile(options.filename, timeout);
    this.db = new Database(options.filename, { readonly: this.readonly, timeout });
    if (!this.readonly) {
      const db = this.db;
      retryWhileBusy(() => {
        db.pragma('journal_mode = WAL');
        // Durable enough in WAL mode: a power cut loses at most the last batches, and their checkpoint with them.
        db.pragma('synchronous = NORMAL');
        db.pragma(`cache_size = ${-WRITER_CACHE_MIB * 1024}`);
        createBaseSchema(db);
      }, timeout);
    }
    this.columns = new GeneratedColumns(this.db);
    this.finding = new FindStatements({ db: this.db, columns: this.columns, statement: (sql) => this.statement(sql), hasCollection: (collection) => this.hasCollection(collection) });
  }

  async ensureCollection(definition: CollectionDefinition): Promise<void> {
    if (this.readonly) return;
    this.endSnapshot();
    createCollection(this.db, definition);
    this.knownTables.add(definition.name);
    this.columns.forget(definition.name);
    this.finding.forget();
  }

  async get<T extends StoredDocument>(collection: string, id: string): Promise<T | null> {
    this.readInSnapshot();
    if (!this.hasCollection(collection)) return null;
    const row = this.statement(`SELECT body FROM ${tableOf(collection)} WHERE id = ?`).get(id) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as T) : null;
  }

  async getMany<T extends StoredDocument>(collection: string, ids: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    if (ids.length === 0) return found;
    this.readInSnapshot();
    if (!this.hasCollection(collection)) return found;
    const sql = `SELECT id, body FROM ${tableOf(collection)} WHERE id IN (SELECT value FROM json_each(?))`;
    const rows = this.statement(sql).all(JSON.stringify(ids)) as { id: string; body: string }[];
    for (const row of rows) found.set(row.id, JSON.parse(row.body) as T);
    return found;
  }

  async find<T extends StoredDocument>(collection: string, query: FindQuery): Promise<Page<T>> {
    this.readInSnapshot();
    const statements = this.finding.of(collection, query);
    if (!this.hasCollection(collection)) return { items: [], nextCursor: null };
    return this.documentsPage<T>(collection, query, statements);
  }

  /** One statement's documents are cut from their stored text, and only the last is parsed, for its cursor; merged parts are parsed to be merged. */
  async findAsJson(collection: string, query: FindQuery): Promise<JsonPage> {
    this.readInSnapshot();
    const statements = this.finding.of(collection, query);
    if (!this.hasCollection(collection)) return { items: [], nextCursor: null };
    if (statements.length > 1) return pageAsJson(this.documentsPage(collection, query, statements));
    const { order, limit } = statements[0]!;
    const bodies = this.foundBodies(statements[0]!);
    const items = bodies.slice(0, limit).map(storedJsonWithoutBookkeeping);
    const last = bodies.length > limit ? bodies[limit - 1] : undefined;
    const nextCursor = last ? encodeCursor({ collection, filter: query.filter, order }, sortValuesOf(JSON.parse(last), order)) : null;
    return { items, nextCursor };
  }

  /** The page of documents the statements find, their parts merged in the query's order. */
  private documentsPage<T extends StoredDocument>(collection: string, query: FindQuery, statements: readonly FindStatement[]): Page<T> {
    const { order, limit } = statements[0]!;
    const lists = statements.map((statement) => this.foundBodies(statement).map((body) => JSON.parse(body) as T));
    const rows = lists.length === 1 ? lists[0]! : mergeInOrder(lists, (document) => sortValuesOf(document, order), order, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > limit && last ? encodeCursor({ collection, filter: query.filter, order }, sortValuesOf(last, order)) : null;
    return { items, nextCursor };
  }

  /** The bodies alone (pluck), not a row object each: a page of 51 rows is read in ~30 µs instead of ~45. */
  private foundBodies(statement: FindStatement): string[] {
    return (statement.prepared ?? this.statement(statement.sql)).pluck(true).all(...statement.params) as string[];
  }

  /**
   * How SQLite would answer `find` (EXPLAIN QUERY PLAN, one line per step): for specs that a query
   * seeks the index it was given, not part of the port. `next`: as any later page of it would be
   * answered, after a cursor (whose values do not change the plan: SQLite keeps no statistics here).
   * A query asked once per value (per-value.ts) has the plans of its parts, one after the other.
   */
  async queryPlan(collection: string, query: FindQuery, page: 'first' | 'next' = 'first'): Promise<string[]> {
    return this.finding.build(collection, query, page === 'next').flatMap(({ sql, params }) =>
      (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail),
    );
  }

  async count(collection: string, filter?: Filter): Promise<number> {
    const conditions = conditionsOf(filter);
    this.readInSnapshot();
    if (!this.hasCollection(collection)) return 0;
    const where = whereConditions(conditions, this.columns.spelling(collection, conditions.map(({ field }) => field)));
    const row = this.statement(`SELECT count(*) AS total FROM ${tableOf(collection)} WHERE ${where.sql}`).get(...where.params);
    return (row as { total: number }).total;
  }

  async applyBatch(projection: string, writes: readonly DocumentWrite[], checkpoint: Position): Promise<void> {
    return this.applyBatches([{ projection, writes, checkpoint }]);
  }

  async applyBatches(batches: readonly ProjectionBatch[]): Promise<void> {
    if (this.readonly) throw new Error('This read store was opened read-only');
    this.endSnapshot();
    // Every statement is found before the transaction, so a collection never ensured refuses the lot before anything is written.
    const upserts = batches.map(({ writes }) => writes.map(({ collection, document }) => ({ upsert: this.upsertInto(collection), document })));
    const saveCheckpoint = (this.saveCheckpoint ??= this.db.prepare(
      `INSERT INTO ${CHECKPOINTS_TABLE} (projection, position) VALUES (?, ?) ON CONFLICT(projection) DO UPDATE` +
        ` SET position = excluded.position WHERE excluded.position > ${CHECKPOINTS_TABLE}.position`,
    ));
    const transaction = this.db.transaction(() => {
      for (const writes of upserts) for (const { upsert, document } of writes) upsert.run(document.id, JSON.stringify(document), document._position);
      for (const { projection, checkpoint } of batches) saveCheckpoint.run(projection, checkpoint);
    });
    // IMMEDIATE takes the write lock up front, so a concurrent writer waits instead of failing mid-batch.
    transaction.immediate();
  }

  async checkpoint(projection: string): Promise<Position | null> {
    this.readInSnapshot();
    const row = this.statement(`SELECT position FROM ${CHECKPOINTS_TABLE} WHERE projection = ?`).get(projection);
    return (row as { position: string } | undefined)?.position ?? null;
  }

  /** Unguarded, unlike applyBatch: the one write that may move a checkpoint backwards. */
  async resetCheckpoint(projection: string, position: Position | null): Promise<void> {
    if (this.readonly) throw new Error('This read store was opened read-only');
    this.endSnapshot();
    if (position === null) this.statement(`DELETE FROM ${CHECKPOINTS_TABLE} WHERE projection = ?`).run(projection);
    else this.statement(`INSERT OR REPLACE INTO ${CHECKPOINTS_TABLE} (projection, position) VALUES (?, ?)`).run(projection, position);
  }

  async acquireLease(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean> {
    if (this.readonly) throw new Error('This read store was opened read-only');
    this.endSnapshot();
    // One statement: take the lease if it is free, expired or ours; otherwise change nothing.
    const { changes } = this.statement(
      `INSERT INTO ${LEASES_TABLE} (name, owner, expires_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE` +
        ` SET owner = excluded.owner, expires_at = excluded.expires_at WHERE ${LEASES_TABLE}.owner = excluded.owner OR ${LEASES_TABLE}.expires_at <= ?`,
    ).run(name, owner, now.getTime() + ttlMs, now.getTime());
    return changes === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    if (this.readonly) return;
    this.endSnapshot();
    this.statement(`DELETE FROM ${LEASES_TABLE} WHERE name = ? AND owner = ?`).run(name, owner);
  }

  async ping(): Promise<void> {
    this.statement('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.endSnapshot();
    this.statements.clear();
    this.finding.forget();
    this.upserts.clear();
    this.saveCheckpoint = null;
    if (this.db.open) this.db.close();
  }

  /** A document is only replaced by a write at a later position, so re-delivery can never go backwards. */
  private upsertInto(collection: string): Database.Statement {
    let upsert = this.upserts.get(collection);
    if (upsert) return upsert;
    if (!this.hasCollection(collection)) throw new Error(`Collection ${collection} does not exist; call ensureCollection first`);
    const table = tableOf(collection);
    upsert = this.db.prepare(
      `INSERT INTO ${table} (id, body, position) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE` +
        ` SET body = excluded.body, position = excluded.position WHERE excluded.position > ${table}.position`,
    );
    this.upserts.set(collection, upsert);
    return upsert;
  }

  /**
   * The reads of one turn of the event loop share one read transaction, ended when the turn ends
   * (setImmediate) or before this store writes: ADR 28. Under load a turn serves many requests, and
   * a read transaction of its own per statement cost each read ~9 µs of locking (two fcntl and an
   * fstat) against ~1 µs inside one. A read sees the log's read models as they were at the turn's
   * first read, never older than the start of the turn that serves it.
   */
  private readInSnapshot(): void {
    if (this.inSnapshot) return;
    this.db.exec('BEGIN');
    this.inSnapshot = true;
    atTheEndOfThisTurn(this.endSnapshot);
  }

  private readonly endSnapshot = (): void => {
    if (!this.inSnapshot) return;
    this.inSnapshot = false;
    if (this.db.open && this.db.inTransaction) this.db.exec('COMMIT');
  };

  private hasCollection(collection: string): boolean {
    if (this.knownTables.has(collection)) return true;
    const exists = tableExists(this.db, collection);
    if (exists) this.knownTables.add(collection);
    return exists;
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value as string);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

/** A read-only connection cannot create the file, switch to WAL or add the checkpoints table. */
function initializeFile(filename: string, timeout: number): void {
  const db = new Database(filename, { timeout });
  try {
    retryWhileBusy(() => {
      db.pragma('journal_mode = WAL');
      createBaseSchema(db);
    }, timeout);
  } finally {
    db.close();
  }
}
