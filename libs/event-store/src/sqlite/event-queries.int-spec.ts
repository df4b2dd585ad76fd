import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sequencePosition } from '../position';
import { EventQueries } from './event-queries';
import { openDatabase } from './schema';

describe('EventQueries', () => {
  let directory: string;
  let db: Database.Database;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'event-queries-'));
    db = openDatabase({ filename: join(directory, 'events.sqlite'), busyTimeoutMs: 1000 });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    db.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('bind every LIMIT through an expression, so SQLite compiles each statement once (ADR 29)', () => {
    // SQLite 3.47+ plans a LIMIT with a bare parameter's bound value, and so compiles the statement again at every run:
    // each command's two reads of the log paid ~10 µs apiece for it.
    const prepared: string[] = [];
    const prepare = Database.prototype.prepare;
    jest.spyOn(Database.prototype, 'prepare').mockImplementation(function (this: Database.Database, sql: string) {
      prepared.push(sql);
      return prepare.call(this, sql);
    });
    const queries = new EventQueries(db);
    queries.readStream('incident-1', 'forwards', 0, 10);
    queries.readStream('incident-1', 'backwards', undefined, 1);
    queries.readAll(sequencePosition(0), 100, undefined);
    queries.readAll(undefined, undefined, ['incident-', 'change-']);

    const limited = prepared.filter((sql) => /\bLIMIT\b/.test(sql));
    expect(limited).toHaveLength(4);
    for (const sql of limited) expect(sql).toMatch(/ LIMIT \+\?$/);
  });
});
