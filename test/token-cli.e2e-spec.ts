import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** `npm run -s token` as a newcomer meets it: dist/scripts/token.js (run `npm run build` first). */
const ROOT = path.resolve(__dirname, '..');
const TOKEN = path.join(ROOT, 'dist', 'scripts', 'token.js');

describe('npm run token (scripts/token)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-token-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const token = (...args: string[]) => {
    const run = spawnSync(process.execPath, [TOKEN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir }, encoding: 'utf8' });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it('prints a token for a user and roles, signed with the generated secret', () => {
    const run = token('--user', 'alice', '--roles', 'agent,auditor');
    expect(run.code).toBe(0);
    const [, payload] = run.stdout.trim().split('.');
    expect(JSON.parse(Buffer.from(payload as string, 'base64url').toString('utf8'))).toMatchObject({ sub: 'alice', roles: ['agent', 'auditor'], exp: expect.any(Number) });
  });

  it('answers --help with its usage, and an unknown option with the reason and the usage, never a stack trace', () => {
    expect(token('--help')).toMatchObject({ code: 0, stdout: expect.stringContaining('npm run -s token -- --user NAME --roles') });
    const bogus = token('--bogus');
    expect(bogus).toMatchObject({ code: 2, stdout: '' });
    expect(bogus.stderr).toMatch(/^Unknown option '--bogus'[\s\S]*npm run -s token --/);
    expect(bogus.stderr).not.toContain('    at ');
    expect(token('--user', 'alice', '--roles', 'wizard')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown roles: wizard') });
  });

  it('names what is wrong with the configuration (here a typo in .env) and stops, never with a stack trace', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-token-env-'));
    try {
      fs.writeFileSync(path.join(project, '.env'), 'LOG_LEVLE=debug\n');
      const run = spawnSync(process.execPath, [TOKEN, '--user', 'alice', '--roles', 'agent'], { cwd: project, env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir }, encoding: 'utf8' });
      expect({ code: run.status, stdout: run.stdout }).toEqual({ code: 1, stdout: '' });
      expect(run.stderr).toContain('LOG_LEVLE');
      expect(run.stderr).not.toContain('    at ');
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});
