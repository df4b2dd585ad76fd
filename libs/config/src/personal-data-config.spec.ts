import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from './app-config';
import { problemsOf } from './testing/problems-of';
import { resolveMasterKey } from './personal-data-config';

describe('personal data vault configuration', () => {
  it('keeps the vault where the read models are by default, in a file or a database of its own', () => {
    expect(loadConfig({ DATA_DIR: '/srv/itsm' }).personalData).toEqual({
      vault: { kind: 'sqlite', filename: '/srv/itsm/personal-data-vault.sqlite' },
      masterKey: { file: '/srv/itsm/personal-data-master.key', generated: true },
      keyCacheMs: 5000,
    });
    expect(loadConfig({ READ_STORE: 'mongodb', MONGO_URL: 'mongodb://m' }).personalData.vault).toEqual({ kind: 'mongodb', url: 'mongodb://m', database: 'itsm-personal-data' });
    expect(loadConfig({ READ_STORE: 'mongodb', MONGO_URL: 'mongodb://m', PERSONAL_DATA_VAULT: 'sqlite', DATA_DIR: '/d' }).personalData.vault).toEqual({ kind: 'sqlite', filename: '/d/personal-data-vault.sqlite' });
  });

  it('names what is missing or wrong', () => {
    expect(problemsOf({ PERSONAL_DATA_VAULT: 'mongodb' })).toEqual([{ field: 'MONGO_URL', reason: 'is required when PERSONAL_DATA_VAULT=mongodb' }]);
    expect(problemsOf({ PERSONAL_DATA_KEY_CACHE_MS: '-1' }).map((problem) => problem.field)).toEqual(['PERSONAL_DATA_KEY_CACHE_MS']);
  });

  it('generates the master key once on the embedded default, and refuses a given one that is not 32 bytes in base64', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'master-key-'));
    try {
      const config = loadConfig({ DATA_DIR: dir }).personalData;
      const made = resolveMasterKey(config);
      expect(made).toHaveLength(32);
      expect(resolveMasterKey(config).equals(made)).toBe(true);
      const given = path.join(dir, 'given.key');
      fs.writeFileSync(given, 'c2hvcnQ=\n');
      expect(() => resolveMasterKey(loadConfig({ DATA_DIR: dir, PERSONAL_DATA_MASTER_KEY_FILE: given }).personalData)).toThrow(/must hold 32 bytes in base64/);
      expect(() => resolveMasterKey(loadConfig({ DATA_DIR: dir, PERSONAL_DATA_MASTER_KEY_FILE: path.join(dir, 'absent.key') }).personalData)).toThrow(/cannot read/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
