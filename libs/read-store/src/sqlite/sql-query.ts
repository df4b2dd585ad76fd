import type { FieldValue, SortKey } from '../read-store';
import type { Bound, Bounds, Condition, Membership } from '../query/filter';

/**
 * Translates the port's small query language to SQL over `body` (JSON text). Field paths are
 * validated identifiers, so inlining them is safe. A field an index names is read through its
 * generated column (sqlite-schema.ts), the one spelling its index serves; any other through
 * json_extract. Its JSON type likewise, through its type column or json_type. `FieldSql` says
 * which, per collection.
 */
export type SqlValue = string | number | null;

/** How a field is spelled in SQL: `id`, its generated column, or json_extract of the body. */
export type FieldSql = (field: string) => string;

/** How a field's value and its JSON type are spelled (the type: its type column, or json_type of the body). */
export interface Spelling {
  readonly value: FieldSql;
  readonly type: FieldSql;
}

export interface SqlFragment {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

export function jsonExtract(field: string): string {
  return `json_extract(body, '$.${field}')`;
}

export function jsonType(field: string): string {
  return `json_type(body, '$.${field}')`;
}

export function toSqlValue(value: FieldValue): SqlValue {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

/** All conditions must hold; an empty list matches everything. */
export function whereConditions(conditions: readonly Condition[], spelling: Spelling): SqlFragment {
  const parts = conditions.map((condition) => (condition.kind === 'in' ? membershipSql(condition, spelling) : rangeSql(condition, spelling)));
  return {
    sql: parts.length === 0 ? '1' : parts.map((part) => part.sql).join(' AND '),
    params: parts.flatMap((part) => part.params),
  };
}

/**
 * json_extract turns JSON true/false into 1/0, so booleans and numbers are told apart by their JSON
 * type, keeping strict equality as in the reference adapter.
 */
function membershipSql({ field, values }: Membership, spelling: Spelling): SqlFragment {
  const expression = spelling.value(field);
  const type = spelling.type(field);
  const strings = values.filter((value): value is string => typeof value === 'string');
  const numbers = values.filter((value): value is number => typeof value === 'number');
  const booleans = values.filter((value): value is boolean => typeof value === 'boolean');
  const options: SqlFragment[] = [];
  if (values.includes(null)) options.push({ sql: `${expression} IS NULL`, params: [] });
  if (strings.length > 0) options.push({ sql: `${expression} IN (${placeholders(strings.length)})`, params: strings });
  if (field !== 'id') {
    if (numbers.length > 0) {
      const sql = `(${expression} IN (${placeholders(numbers.length)}) AND ${type} IN ('integer', 'real'))`;
      options.push({ sql, params: numbers });
    }
    for (const flag of new Set(booleans)) {
      options.push({ sql: `(${expression} = ${flag ? 1 : 0} AND ${type} = '${flag}')`, params: [] });
    }
  }
  if (options.length === 0) return { sql: '0', params: [] };
  return { sql: `(${options.map((option) => option.sql).join(' OR ')})`, params: options.flatMap((option) => option.params) };
}

const SQL_OPERATORS: Readonly<Record<Bound['operator'], string>> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

/**
 * SQLite orders any number before any text, so without a type test `x < 'b'` would hold for every
 * number (and `x > 5` for every string): the JSON type keeps the range within its bounds' type, as
 * MongoDB's type bracketing does. Text compares with the BINARY collation, byte by byte in UTF-8,
 * which is the port's order. The comparison is written on the bare field, so its index serves it and
 * the type test is left to the rows sought; `id` is a text column and never holds a number.
 */
function rangeSql({ field, type, bounds }: Bounds, spelling: Spelling): SqlFragment {
  const expression = spelling.value(field);
  if (field === 'id' && type === 'number') return { sql: '0', params: [] };
  const comparisons = bounds.map(({ operator }) => `${expression} ${SQL_OPERATORS[operator]} ?`);
  const typeTest = field === 'id' ? [] : [`${spelling.type(field)} IN (${type === 'string' ? "'text'" : "'integer', 'real'"})`];
  // No bounds left (a later page's cursor implies them, keyset.ts): the type test alone.
  const parts = [...comparisons, ...typeTest];
  return { sql: parts.length === 0 ? '1' : `(${parts.join(' AND ')})`, params: bounds.map(({ value }) => value) };
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

export function orderBy(order: readonly SortKey[], fieldSql: FieldSql): string {
  return order.map((key) => `${fieldSql(key.field)} ${key.direction === 'asc' ? 'ASC' : 'DESC'}`).join(', ');
}

/**
 * Rows strictly after the cursor's sort values in `order`. All ascending and no null in the cursor:
 * a row-value comparison, which SQLite answers with an index range seek when the sort keys are
 * index columns (generated columns; never on expressions), so page 400 costs what page 1 does
 * (rows with a null key sort before any value, so excluding them is right). Otherwise the expanded form, where null sorts
 * first as in ORDER BY, so that no row is skipped or repeated.
 */
export function afterCursor(order: readonly SortKey[], values: readonly FieldValue[], fieldSql: FieldSql): SqlFragment {
  const sqlValues = values.map(toSqlValue);
  if (order.every((key) => key.direction === 'asc') && !sqlValues.includes(null)) {
    const columns = order.map((key) => fieldSql(key.field)).join(', ');
    return { sql: `(${columns}) > (${placeholders(order.length)})`, params: sqlValues };
  }
  const alternatives = order.map((key, i) => {
    const ties = order.slice(0, i).map((tie, j) => equalTo(fieldSql(tie.field), sqlValues[j] ?? null));
    return [...ties, beyond(fieldSql(key.field), sqlValues[i] ?? null, key.direction)];
  });
  const parts = alternatives.map((conjunction) => ({
    sql: `(${conjunction.map((part) => part.sql).join(' AND ')})`,
    params: conjunction.flatMap((part) => part.params),
  }));
  return { sql: `(${parts.map((part) => part.sql).join(' OR ')})`, params: parts.flatMap((part) => part.params) };
}

function equalTo(expression: string, value: SqlValue): SqlFragment {
  return value === null ? { sql: `${expression} IS NULL`, params: [] } : { sql: `${expression} = ?`, params: [value] };
}

function beyond(expression: string, value: SqlValue, direction: SortKey['direction']): SqlFragment {
  if (direction === 'asc') {
    return value === null ? { sql: `${expression} IS NOT NULL`, params: [] } : { sql: `${expression} > ?`, params: [value] };
  }
  return value === null ? { sql: '0', params: [] } : { sql: `(${expression} < ? OR ${expression} IS NULL)`, params: [value] };
}
