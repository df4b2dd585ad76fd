import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from './app-config';

/**
 * The configured secret, or the embedded default's: generated into DATA_DIR on first use. Three
 * processes start at once, so the file is created by an atomic link of a complete temp file;
 * whoever loses the race reads the winner's.
 */
export function resolveJwtSecret(config: AppConfig): string {
  if (config.auth.secret) return config.auth.secret;
  const file = path.join(config.dataDir, 'jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(temp, randomBytes(48).toString('base64url'), { mode: 0o600 });
    try {
      fs.linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.unlinkSync(temp);
    }
  }
  return fs.readFileSync(file, 'utf8').trim();
}
