import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
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
