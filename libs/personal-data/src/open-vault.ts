import fs from 'node:fs';
import path from 'node:path';
import type { PersonalDataConfig } from '@itsm/config';
import { resolveMasterKey } from '@itsm/config';
import { MongoVault } from './mongo-vault';
import type { PersonalDataVault } from './personal-data-vault';
import { SqliteVault } from './sqlite-vault';

/** The one place where configuration picks the vault's adapter. */
export async function openPersonalDataVault(config: PersonalDataConfig): Promise<PersonalDataVault> {
  const { file, generated } = config.masterKey;
  const masterKeyExisted = fs.existsSync(file);
  if (config.vault.kind === 'sqlite') {
    const { filename } = config.vault;
    // A master key made here earlier with its vault gone: a data dir copied or restored without the
    // vault. An empty vault made now would hand out new keys beside the lost ones; refuse instead.
    if (generated && masterKeyExisted && !fs.existsSync(filename)) {
      throw new Error(`The personal data vault ${filename} is missing, though its master key ${file} is there: restore the vault from its backup (without it the log's personal data cannot be read)`);
    }
    // The vault's file is made before the master key ever is, so that an app starting beside this
    // one (npm start starts three) never sees a key without its vault and takes it for one gone missing.
    if (!masterKeyExisted) {
      fs.mkdirSync(path.dirname(filename), { recursive: true });
      fs.closeSync(fs.openSync(filename, 'a', 0o600));
    }
    return new SqliteVault({ filename, masterKey: resolveMasterKey(config) });
  }
  return MongoVault.connect({ url: config.vault.url, database: config.vault.database, masterKey: resolveMasterKey(config) });
}
