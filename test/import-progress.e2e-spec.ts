import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The importer's progress bar shows on a terminal (here a pseudo-terminal made by util-linux's
 * `script`), and nowhere else: piped, stderr stays empty (test/servicenow-import.e2e-spec.ts).
 */
const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'scripts', 'import-servicenow.js');
const SAMPLE = path.join(ROOT, 'test', 'fixtures', 'servicenow', 'incident-event-log-sample.csv');

describe('the import on a terminal', () => {
  it('draws a progress bar that ends at 100 % with every row, then prints the summary', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-import-tty-'));
    try {
      const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} ${JSON.stringify(SAMPLE)} --instance tty`;
      const run = spawnSync('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH, HOME: os.tmpdir(), DATA_DIR: dir, TERM: 'dumb' }, encoding: 'utf8' });
      expect(run.status).toBe(0);
      const frames = run.stdout.split('\r').filter((frame) => frame.startsWith('['));
      expect(frames.length).toBeGreaterThan(0);
      expect(frames.at(-1)).toMatch(/^\[#{30}\] 100% {2}5,998 rows, 5,998 events appended/);
      expect(run.stdout).toContain('rows read             5,998');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
