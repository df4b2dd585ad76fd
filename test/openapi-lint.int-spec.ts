import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AppConfig } from '@itsm/config';
import { CommandApiModule } from '../apps/command-api/src/command-api.module';
import { ProjectorModule } from '../apps/projector/src/projector.module';
import { QueryApiModule } from '../apps/query-api/src/query-api.module';
import { InProcessApp } from './support/in-process-app';

const ROOT = path.resolve(__dirname, '..');
const REDOCLY = path.join(ROOT, 'node_modules', '.bin', 'redocly');

interface Finding {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly location: readonly { readonly pointer: string }[];
}

/** Redocly's findings on the document the app serves, linted with our redocly.yaml (recommended, and stricter). */
async function lintServedDocument(name: string, moduleFor: (config: AppConfig) => unknown): Promise<string[]> {
  const app = await InProcessApp.start(moduleFor);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-openapi-'));
  try {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify((await app.request('GET', '/docs-json')).body));
    // Redocly exits 1 when it finds errors: the findings are on stdout either way.
    const run = promisify(execFile)(REDOCLY, ['lint', '--config', path.join(ROOT, 'redocly.yaml'), '--format', 'json', '--max-problems', '100000', file], {
      cwd: ROOT,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
      maxBuffer: 64 * 1024 * 1024,
    }).catch((failure: { stdout?: string }) => ({ stdout: failure.stdout ?? '' }));
    const { stdout } = await run;
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { problems: Finding[] };
    return report.problems.filter((finding) => finding.severity === 'error').map((finding) => `${finding.ruleId} at ${finding.location[0]?.pointer ?? '?'}: ${finding.message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await app.stop();
  }
}

describe('The OpenAPI document of every app passes Redocly (recommended rules, and redocly.yaml)', () => {
  it('command API: no error', async () => {
    expect(await lintServedDocument('command-api', (config) => CommandApiModule.register(config))).toEqual([]);
  }, 120_000);

  it('query API: no error', async () => {
    expect(await lintServedDocument('query-api', (config) => QueryApiModule.register(config))).toEqual([]);
  }, 120_000);

  it('projector (its probes and metrics): no error', async () => {
    expect(await lintServedDocument('projector', (config) => ProjectorModule.register(config))).toEqual([]);
  }, 120_000);
});
