import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Worker } from 'node:worker_threads';
import { PersonalDataVaultUnavailableError } from './personal-data-vault';
import { SqliteVault } from './sqlite-vault';
import { A_MASTER_KEY, describeVaultContract } from './testing/vault-contract';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;
const aFile = () => path.join(dir, `vault-${++files}.sqlite`);

describeVaultContract('SQLite', async () => new SqliteVault({ filename: aFile(), masterKey: A_MASTER_KEY }));

describe('The SQLite vault file', () => {
  const bytesOf = (file: string) => Buffer.concat([fs.readFileSync(file), ...(fs.existsSync(`${file}-wal`) ? [fs.readFileSync(`${file}-wal`)] : [])]);

  it('holds keys only wrapped by the master key: without it they open nothing', async () => {
    const file = aFile();
    const vault = new SqliteVault({ filename: file, masterKey: A_MASTER_KEY });
    const { key } = await vault.keyFor('Ada Lovelace', '2026-11-30T09:00:00.000Z');
    expect(bytesOf(file).includes(key)).toBe(false);
    expect(bytesOf(file).includes(Buffer.from(key.toString('base64')))).toBe(false);
    await vault.close();
    const wrongMaster = new SqliteVault({ filename: file, masterKey: randomBytes(32) });
    await expect(wrongMaster.keyFor('Ada Lovelace', '2026-11-30T09:00:00.000Z')).rejects.toThrow();
    await wrongMaster.close();
  });

  it("keeps neither the name nor the wrapped key once erased, in the file or its journal", async () => {
    const file = aFile();
    const vault = new SqliteVault({ filename: file, masterKey: A_MASTER_KEY });
    const { keyId } = await vault.keyFor('Ada Lovelace', '2026-11-30T09:00:00.000Z');
    const wrapped = (vault as unknown as { db: { prepare(sql: string): { get(id: string): { w: string } } } }).db.prepare('SELECT wrapped_key AS w FROM subject_keys WHERE key_id = ?').get(keyId).w;
    expect(bytesOf(file).includes(Buffer.from('ada lovelace'))).toBe(true); // as the vault knows names: normalised
    await vault.erase(keyId, { erasureId: 'e-1', erasedAt: '2026-11-30T09:05:00.000Z' });
    await vault.close();
    expect(bytesOf(file).includes(Buffer.from('ada lovelace'))).toBe(false);
    expect(bytesOf(file).includes(Buffer.from(wrapped))).toBe(false);
  });
});

describe('The SQLite vault writes in groups', () => {
  const NOW = '2026-11-30T09:00:00.000Z';
  let file: string;
  let commits: number[];
  let vault: SqliteVault;
  const open = () => new SqliteVault({ filename: file, masterKey: A_MASTER_KEY, busyTimeoutMs: 50, onGroupCommitted: (written) => commits.push(written) });
  beforeEach(() => {
    file = aFile();
    commits = [];
    vault = open();
  });
  afterEach(() => vault.close());

  /** What another connection reads: only what was committed. */
  const onDisk = (sql: string, ...parameters: string[]) => {
    const other = new Database(file, { readonly: true });
    try {
      return other.prepare(sql).all(...parameters);
    } finally {
      other.close();
    }
  };
  const linkedOnDisk = (stream: string) => (onDisk('SELECT key_id AS keyId FROM stream_subjects WHERE stream = ?', stream)[0] as { keyId: string } | undefined)?.keyId ?? null;
  /** Another process's write lock, held while `work` runs. */
  const whileAnotherWrites = async (work: () => Promise<unknown>) => {
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      return await work();
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  };

  it('fails the writes it was sent when its thread dies, naming the vault (not the log), and writes later ones on a new thread', async () => {
    const ada = await vault.keyFor('Ada Lovelace', NOW);
    const thread = (vault as unknown as { writes: { started: Worker } }).writes.started;
    const inFlight = vault.linkStream('incident-1', ada.keyId);
    setImmediate(() => void thread.terminate());
    await expect(inFlight).rejects.toThrow(PersonalDataVaultUnavailableError);
    await expect(inFlight).rejects.toMatchObject({ code: 'personal_data.vault_unavailable', message: expect.stringMatching(/^The personal data vault is unavailable: its writer thread stopped/) });
    await vault.linkStream('incident-2', ada.keyId);
    expect(linkedOnDisk('incident-2')).toBe(ada.keyId);
  });

  it('commits the links submitted in one tick in one transaction', async () => {
    const ada = await vault.keyFor('Ada Lovelace', NOW);
    commits = [];
    await Promise.all(Array.from({ length: 20 }, (_, n) => vault.linkStream(`incident-${n}`, ada.keyId)));
    expect(commits).toEqual([20]);
    expect(await vault.streamsOf(ada.keyId)).toHaveLength(20);
  });

  it('makes the keys of new people asked in one tick in one transaction', async () => {
    const made = await Promise.all(['Ada', 'Bob', 'Cy', 'Ada'].map((name) => vault.keyFor(name, NOW)));
    expect(commits).toEqual([4]);
    expect(made[3]?.keyId).toBe(made[0]?.keyId);
    expect(new Set(made.map((key) => key.keyId)).size).toBe(3);
  });

  it('rejects only the link that failed, and commits the rest of its group', async () => {
    const ada = await vault.keyFor('Ada Lovelace', NOW);
    commits = [];
    const outcomes = await Promise.allSettled([vault.linkStream('incident-1', ada.keyId), vault.linkStream('incident-2', null as unknown as string), vault.linkStream('incident-3', ada.keyId)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(commits).toEqual([2]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' });
    expect([linkedOnDisk('incident-1'), linkedOnDisk('incident-2'), linkedOnDisk('incident-3')]).toEqual([ada.keyId, null, ada.keyId]);
  });

  it('answers a link, and a new key, only once another connection can read them: before a fact sealed with the key is appended', async () => {
    const ada = await vault.keyFor('Ada Lovelace', NOW).then((key) => ({ ...key, onDisk: onDisk('SELECT key_id AS keyId FROM subjects') }));
    expect(ada.onDisk).toEqual([{ keyId: ada.keyId }]);
    const seenWhenLinked = await vault.linkStream('incident-1', ada.keyId).then(() => linkedOnDisk('incident-1'));
    expect(seenWhenLinked).toBe(ada.keyId);
  });

  it('writes the links accepted before close, and answers them', async () => {
    const ada = await vault.keyFor('Ada Lovelace', NOW);
    const linked = vault.linkStream('incident-1', ada.keyId);
    await vault.close();
    await expect(linked).resolves.toBeUndefined();
    expect(linkedOnDisk('incident-1')).toBe(ada.keyId);
  });

  it('writes nothing, and needs no write lock, to link a stream to the key it is linked to already, or to give a known person their key', async () => {
    const ada = await vault.keyFor('Ada Lovelace', NOW);
    await vault.linkStream('incident-1', ada.keyId);
    commits = [];
    await whileAnotherWrites(async () => {
      await vault.linkStream('incident-1', ada.keyId);
      expect((await vault.keyFor('ada lovelace', NOW)).keyId).toBe(ada.keyId);
    });
    expect(commits).toEqual([]);
  });

  it('still writes a link to the key a stream is linked to on disk while a link of it to another key is on its way', async () => {
    const ada = await vault.keyFor('Ada Lovelace', NOW);
    const bob = await vault.keyFor('Bob', NOW);
    await vault.linkStream('incident-1', ada.keyId);
    await Promise.all([vault.linkStream('incident-1', bob.keyId), vault.linkStream('incident-1', ada.keyId)]);
    expect((await vault.streamKey('incident-1'))?.keyId).toBe(ada.keyId);
  });
});

describe("The SQLite vault's writer thread (ADR 25)", () => {
  it('keeps the event loop serving while a link waits for another process to release the write lock', async () => {
    const file = aFile();
    const vault = new SqliteVault({ filename: file, masterKey: A_MASTER_KEY, busyTimeoutMs: 10_000 });
    const { keyId } = await vault.keyFor('Ada Lovelace', '2026-11-30T09:00:00.000Z');
    const otherProcess = new Database(file);
    otherProcess.exec('BEGIN IMMEDIATE');
    const link = vault.linkStream('incident-1', keyId);
    // On the event loop, the link would block this thread in busy_timeout: the lock would never be released.
    await new Promise((resolve) => setTimeout(resolve, 100));
    otherProcess.exec('COMMIT');
    otherProcess.close();
    await expect(link).resolves.toBeUndefined();
    expect(await vault.streamsOf(keyId)).toEqual(['incident-1']);
    await vault.close();
  });
});
