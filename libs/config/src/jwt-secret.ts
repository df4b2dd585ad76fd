import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from './app-config';
import { createOnce } from './create-once';

/**
 * The configured secret, or the embedded default's: generated into DATA_DIR on first use. Three
 * processes start at once, so the file is created by an atomic link of a complete temp file;
 * whoever loses the race reads the winner's.
 */
export function resolveJwtSecret(config: AppConfig): string {
  if (config.auth.secret) return config.auth.secret;
  const file = path.join(config.dataDir, 'jwt-secret');
  createOnce(file, () => randomBytes(48).toString('base64url'));
  return fs.readFileSync(file, 'utf8').trim();
}
