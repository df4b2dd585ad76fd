import fs from 'node:fs';
import type { PersonalDataConfig } from '@itsm/config';
import { resolveMasterKey } from '@itsm/config';
import { MongoVault } from './mongo-vault';
import type { PersonalDataVault } from './personal-data-vault';
import { SqliteVault } from './sqlite-vault';

/** The one place where configuration picks the vault's adapter. */
export async function openPersonalDataVault(config: PersonalDataConfig): Promise<PersonalDataVault> {
  const { file, generated } = config.masterKey;
  const masterKeyExisted = fs.existsSync(file);
  const masterKey = resolveMasterKey(config);
  switch (config.vault.kind) {
    case 'sqlite':
      // A master key made here earlier with its vault gone: a data dir copied or restored without the
      // vault. An empty vault made now would hand out new keys beside the lost ones; refuse instead.
      if (generated && masterKeyExisted && !fs.existsSync(config.vault.filename)) {
        throw new Error(`The personal data vault ${config.vault.filename} is missing, though its master key ${file} is there: restore the vault from its backup (without it the log's personal data cannot be read)`);
      }
      return new SqliteVault({ filename: config.vault.filename, masterKey });
    case 'mongodb':
      return MongoVault.connect({ url: config.vault.url, database: config.vault.database, masterKey });
  }
}
