import type { PersonalDataConfig } from '@itsm/config';
import { resolveMasterKey } from '@itsm/config';
import { MongoVault } from './mongo-vault';
import type { PersonalDataVault } from './personal-data-vault';
import { SqliteVault } from './sqlite-vault';

/** The one place where configuration picks the vault's adapter. */
export async function openPersonalDataVault(config: PersonalDataConfig): Promise<PersonalDataVault> {
  const masterKey = resolveMasterKey(config);
  switch (config.vault.kind) {
    case 'sqlite':
      return new SqliteVault({ filename: config.vault.filename, masterKey });
    case 'mongodb':
      return MongoVault.connect({ url: config.vault.url, database: config.vault.database, masterKey });
  }
}
