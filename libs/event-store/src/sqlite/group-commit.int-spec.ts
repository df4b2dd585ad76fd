import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { GroupCommit } from './group-commit';

/** The group commit on the event loop, for any writes on one connection (the log's on `:memory:`, the vault's). */
describe('SQLite group commit', () => {
  let dir: string;
  let file: string;
  let db: Database.Database;
  let commits: number[];
  let writes: GroupCommit<() => unknown, unknown>;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'group-commit-'));
    file = path.join(dir, 'writes.sqlite');
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // A deferred foreign key is checked at COMMIT: the one way to make a COMMIT fail on purpose.
    db.exec(`
      CREATE TABLE owners (id TEXT PRIMARY KEY);
      CREATE TABLE rows (id TEXT PRIMARY KEY, owner TEXT REFERENCES owners (id) DEFERRABLE INITIALLY DEFERRED);
    `);
    commits = [];
    writes = new GroupCommit(db, (write: () => unknown) => write(), (count) => commits.push(count));
  });
  afterEach(async () => {
    await writes.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const insert = (id: string, owner: string | null = null) => () => db.prepare('INSERT INTO rows (id, owner) VALUES (?, ?)').run(id, owner).changes;
  const onDisk = () => {
    // Another connection sees only what was committed.
    const other = new Database(file, { readonly: true });
    try {
      return (other.prepare('SELECT id FROM rows ORDER BY id').all() as { id: string }[]).map((row) => row.id);
    } finally {
      other.close();
    }
  };

  it('commits the writes submitted in one tick in one transaction, and a later tick in another', async () => {
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => writes.submit(insert(id))));
    await writes.submit(insert('e'));
    expect(commits).toEqual([4, 1]);
    expect(onDisk()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('answers each write with its own result', async () => {
    const answers = await Promise.all([writes.submit(() => 'first'), writes.submit(insert('a')), writes.submit(() => db.prepare('SELECT count(*) AS n FROM rows').get())]);
    expect(answers).toEqual(['first', 1, { n: 1 }]); // the third sees the second's row: one transaction
  });

  it('rejects only the write that failed, and undoes all of it while the rest of its group commits', async () => {
    const failing = () => {
      insert('half-done')();
      insert('a')(); // a duplicate key: the write fails after its first row was written
    };
    const outcomes = await Promise.allSettled([writes.submit(insert('a')), writes.submit(failing), writes.submit(insert('b'))]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    expect(commits).toEqual([2]);
    expect(onDisk()).toEqual(['a', 'b']);
  });

  it('settles nothing before COMMIT: when the COMMIT fails, every write of the group fails, those that ran well too', async () => {
    const outcomes = await Promise.allSettled([writes.submit(insert('a')), writes.submit(insert('orphan', 'nobody')), writes.submit(insert('b'))]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    expect(commits).toEqual([]);
    expect(onDisk()).toEqual([]);
  });

  it('settles a write once what it wrote can be read by another connection', async () => {
    const seenWhenSettled = await writes.submit(insert('a')).then(() => onDisk());
    expect(seenWhenSettled).toEqual(['a']);
  });

  it('writes what it accepted when closed before its group ran, and refuses writes after', async () => {
    const accepted = writes.submit(insert('a'));
    writes.close();
    db.close(); // as its owner does next: a group left for later could no longer be written
    await expect(accepted).resolves.toBe(1);
    expect(onDisk()).toEqual(['a']);
    await expect(writes.submit(insert('b'))).rejects.toThrow(/closed/);
  });
});
