import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes `contents()` to `file` unless it exists, race-safe: the three apps start at once on the
 * embedded default, so the file is created by an atomic link of a complete temp file, and whoever
 * loses the race keeps the winner's. The contents are made only by a process that may win.
 */
export function createOnce(file: string, contents: () => string | Buffer): void {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(temp, contents(), { mode: 0o600 });
  try {
    fs.linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.unlinkSync(temp);
  }
}
