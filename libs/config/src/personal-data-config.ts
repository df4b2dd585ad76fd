import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createOnce } from './create-once';

/** The variables of the personal data vault (ADR 20), spread into the one schema of app-config.ts. */
export const PERSONAL_DATA_VARIABLES = {
  /** Where the per-person keys are: sqlite (DATA_DIR/personal-data-vault.sqlite) or mongodb (MONGO_URL). Default: where the read models are. */
  PERSONAL_DATA_VAULT: z.enum(['sqlite', 'mongodb']).optional(),
  /** The vault's own MongoDB database: never the read models', which a rebuild may drop. */
  PERSONAL_DATA_VAULT_DATABASE: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be a database name (letters, digits, _ and -)').default('itsm-personal-data'),
  /**
   * The master key (32 random bytes, base64, in a file) that wraps every key in the vault, so a copy
   * of the vault alone opens nothing. Unset, the embedded default generates one into DATA_DIR; set, it must exist.
   */
  PERSONAL_DATA_MASTER_KEY_FILE: z.string().min(1).optional(),
  /** How long a process uses a key it read before reading it again: an erasure shows in other processes within this time. */
  PERSONAL_DATA_KEY_CACHE_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
};

type PersonalDataEnv = z.infer<z.ZodObject<typeof PERSONAL_DATA_VARIABLES>> & { READ_STORE: 'sqlite' | 'mongodb'; MONGO_URL?: string | undefined };

export interface PersonalDataConfig {
  readonly vault: { readonly kind: 'sqlite'; readonly filename: string } | { readonly kind: 'mongodb'; readonly url: string; readonly database: string };
  readonly masterKey: { readonly file: string; readonly generated: boolean };
  readonly keyCacheMs: number;
}

export function requireVaultConnection(env: PersonalDataEnv, context: z.RefinementCtx): void {
  if (env.PERSONAL_DATA_VAULT === 'mongodb' && !env.MONGO_URL) {
    context.addIssue({ code: 'custom', path: ['MONGO_URL'], message: 'is required when PERSONAL_DATA_VAULT=mongodb' });
  }
}

export function personalDataConfigOf(e: PersonalDataEnv, dataDir: string): PersonalDataConfig {
  const kind = e.PERSONAL_DATA_VAULT ?? e.READ_STORE;
  return {
    vault: kind === 'mongodb' ? { kind, url: e.MONGO_URL as string, database: e.PERSONAL_DATA_VAULT_DATABASE } : { kind: 'sqlite', filename: path.join(dataDir, 'personal-data-vault.sqlite') },
    masterKey: e.PERSONAL_DATA_MASTER_KEY_FILE
      ? { file: path.resolve(e.PERSONAL_DATA_MASTER_KEY_FILE), generated: false }
      : { file: path.join(dataDir, 'personal-data-master.key'), generated: true },
    keyCacheMs: e.PERSONAL_DATA_KEY_CACHE_MS,
  };
}

/** The vault's master key, generated on first use by the embedded default. */
export function resolveMasterKey(config: PersonalDataConfig): Buffer {
  const { file, generated } = config.masterKey;
  if (generated) createOnce(file, () => randomBytes(32).toString('base64'));
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new Error(`PERSONAL_DATA_MASTER_KEY_FILE: cannot read ${file}: ${(error as Error).message}`);
  }
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32 || key.toString('base64') !== text) throw new Error(`PERSONAL_DATA_MASTER_KEY_FILE: ${file} must hold 32 bytes in base64 (openssl rand -base64 32)`);
  return key;
}
