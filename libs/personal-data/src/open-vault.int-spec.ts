import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@itsm/config';
import { openPersonalDataVault } from './open-vault';

describe('Opening the embedded vault', () => {
  it('makes the master key and the vault on first start, the vault readable by its owner alone; and refuses a data dir whose vault went missing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vault-open-'));
    try {
      const config = loadConfig({ DATA_DIR: dir }).personalData;
      const vault = await openPersonalDataVault(config);
      await vault.keyFor('Ada Lovelace', '2026-11-30T09:00:00.000Z');
      await vault.close();
      expect(fs.statSync(path.join(dir, 'personal-data-vault.sqlite')).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.join(dir, 'personal-data-master.key')).mode & 0o777).toBe(0o600);
      await (await openPersonalDataVault(config)).close();

      for (const file of fs.readdirSync(dir).filter((name) => name.startsWith('personal-data-vault.sqlite'))) fs.rmSync(path.join(dir, file));
      await expect(openPersonalDataVault(config)).rejects.toThrow(/vault .* is missing, though its master key .* is there: restore the vault/);
      expect(fs.existsSync(path.join(dir, 'personal-data-vault.sqlite'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
