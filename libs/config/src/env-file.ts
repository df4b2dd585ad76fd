import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from './config-error';

/**
 * The environment the apps and scripts start with: the variables of `.env` in the working directory
 * (when there is one) under those of the process, which win. A name in `.env` that no setting has is
 * refused, naming it: a typo there must not look like a setting taken.
 */
export function environmentWithEnvFile(known: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env, file = path.resolve('.env')): Record<string, string | undefined> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ...env };
    throw new ConfigError([{ field: '.env', reason: `cannot be read (${(error as Error).message})` }]);
  }
  const fromFile = parseEnv(text);
  const unknown = Object.keys(fromFile).filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new ConfigError(unknown.map((name) => ({ field: `.env: ${name}`, reason: 'is not a setting of this product (see .env.example)' })));
  return { ...fromFile, ...env };
}
