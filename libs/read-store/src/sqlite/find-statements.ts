import type Database from 'better-sqlite3';
import type { FindQuery, SortKey } from '../read-store';
import { decodeCursor } from '../query/cursor';
import { conditionsOf, type Condition } from '../query/filter';
import { assertLimit } from '../query/names';
import { totalOrder } from '../query/sort-order';
import type { GeneratedColumns } from './generated-columns';
import { keysetAfter } from './keyset';
import { perValueConditions } from './per-value';
import { afterCursor, orderBy, whereConditions, type SqlValue } from './sql-query';
import { tableOf } from './sqlite-schema';

/**
 * `LIMIT +?`, not `LIMIT ?`: since 3.47 SQLite plans a LIMIT with the value bound to a bare
 * parameter, so such a statement is compiled again each time it runs (~10 µs of a queue read). Through
 * `+` the value is an expression read as the statement runs (ADR 29; the event store's twin is
 * BOUND_LIMIT in its event-queries.ts).
 */
const BOUND_LIMIT = 'LIMIT +?';

/** How many statements, plans and first pages are remembered, each. */
export const STATEMENT_CACHE_SIZE = 256;

export interface FindStatement {
  readonly sql: string;
  readonly params: readonly SqlValue[];
  readonly order: readonly SortKey[];
  readonly limit: number;
  /** Every field it names read through both its columns: no later look at the schema can change it. */
  readonly complete: boolean;
  /** Its statement, once remembered (first pages). */
  readonly prepared?: Database.Statement;
}

/** What the statements are built against: the store's connection, its columns, its cache of statements. */
export interface FindStatementsContext {
  readonly db: Database.Database;
  readonly columns: GeneratedColumns;
  statement(sql: string): Database.Statement;
  hasCollection(collection: string): boolean;
}

/**
 * The SQL of a `find`: its statement as written, or one per value when SQLite would sort what it
 * sought (per-value.ts), each seeking past the cursor (keyset.ts) on the columns its indexes use.
 */
export class FindStatements {
  private readonly sortingPlans = new Map<string, boolean>();
  /**
   * A first page's statements, by collection and its validated conditions, order and limit: a queue
   * read asks the same few pages all day, and building their SQL and finding their statement by its
   * text took ~9 µs a read. Forgotten when a collection is ensured (its columns may change).
   */
  private readonly firstPages = new Map<string, readonly FindStatement[]>();

  constructor(private readonly context: FindStatementsContext) {}

  /** The statements of `query`: a first page's remembered, a later page's built. */
  of(collection: string, query: FindQuery): readonly FindStatement[] {
    return query.cursor ? this.build(collection, query) : this.firstPage(collection, query);
  }

  /** Built afresh; `anyLaterPage`: as after a cursor, whatever its values (for query plans). */
  build(collection: string, query: FindQuery, anyLaterPage = false): FindStatement[] {
    const asWritten = this.statement(collection, query, { anyLaterPage });
    const parts = this.context.hasCollection(collection) && this.sortsAfterSeek(asWritten) ? perValueConditions(conditionsOf(query.filter), asWritten.order) : null;
    return parts ? parts.map((conditions) => this.statement(collection, query, { anyLaterPage, conditions })) : [asWritten];
  }

  forget(): void {
    this.firstPages.clear();
  }

  /** A query without a cursor, remembered once no later look at the schema can change its statements. */
  private firstPage(collection: string, query: FindQuery): readonly FindStatement[] {
    const key = JSON.stringify([collection, conditionsOf(query.filter), totalOrder(query.sort), assertLimit(query.limit)]);
    const known = this.firstPages.get(key);
    if (known) return known;
    const statements = this.build(collection, query);
    if (this.context.hasCollection(collection) && statements.every(({ complete }) => complete)) {
      if (this.firstPages.size >= STATEMENT_CACHE_SIZE) this.firstPages.clear();
      this.firstPages.set(key, statements.map((statement) => ({ ...statement, prepared: this.context.statement(statement.sql) })));
    }
    return statements;
  }

  /** Whether SQLite sorts the rows it sought (USE TEMP B-TREE), asked once per statement. */
  private sortsAfterSeek({ sql, params }: { sql: string; params: readonly SqlValue[] }): boolean {
    let sorts = this.sortingPlans.get(sql);
    if (sorts === undefined) {
      const plan = this.context.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
      sorts = plan.some(({ detail }) => detail.startsWith('USE TEMP B-TREE FOR ORDER BY'));
      if (this.sortingPlans.size >= STATEMENT_CACHE_SIZE) this.sortingPlans.clear();
      this.sortingPlans.set(sql, sorts);
    }
    return sorts;
  }

  /** `conditions`: the filter's, or one part of them (per-value.ts). `anyLaterPage`: as after a cursor (queryPlan). */
  private statement(collection: string, query: FindQuery, options: { anyLaterPage?: boolean; conditions?: readonly Condition[] } = {}): FindStatement {
    const limit = assertLimit(query.limit);
    const order = totalOrder(query.sort);
    const conditions = options.conditions ?? conditionsOf(query.filter);
    const anyLaterPage = options.anyLaterPage ?? false;
    const spelling = this.context.columns.spelling(collection, [...conditions.map(({ field }) => field), ...order.map(({ field }) => field)]);
    const cursorValues = anyLaterPage ? order.map(() => 'any') : query.cursor ? decodeCursor(query.cursor, { collection, filter: query.filter, order }) : null;
    const keyset = cursorValues ? keysetAfter(conditions, order, cursorValues) : null;
    const where = whereConditions(keyset?.conditions ?? conditions, spelling);
    const after = keyset ? afterCursor(keyset.order, keyset.values, spelling.value) : null;
    const sql = `SELECT body FROM ${tableOf(collection)} WHERE ${where.sql}${after ? ` AND ${after.sql}` : ''} ORDER BY ${orderBy(order, spelling.value)} ${BOUND_LIMIT}`;
    return { sql, params: [...where.params, ...(after?.params ?? []), limit + 1], order, limit, complete: spelling.complete };
  }
}
