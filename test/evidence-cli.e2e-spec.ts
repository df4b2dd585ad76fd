import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteEventStore } from '@itsm/event-store';
import { approved, authorized, change, scheduled, started } from '../libs/compliance/src/testing/change-facts';

/** `npm run -s evidence` and `evidence:verify` as a compliance lead runs them, on the embedded log. */
const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist', 'scripts');

describe('npm run -s evidence, and evidence:verify', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-evidence-cli-'));
  const run = (script: string, ...args: string[]) => spawnSync(process.execPath, [path.join(DIST, script), ...args], { env: { PATH: process.env.PATH, HOME: os.tmpdir(), DATA_DIR: dir }, encoding: 'utf8' });
  const period = ['--from', '2026-03-01T00:00:00Z', '--to', '2026-04-01T00:00:00Z'];
  beforeAll(async () => {
    if (!fs.existsSync(path.join(DIST, 'evidence.js'))) throw new Error('Build first: npm run build');
    const store = SqliteEventStore.open({ filename: path.join(dir, 'events.sqlite') });
    await change(store, 'OK', 'normal', approved('carl'), authorized, scheduled, started());
    await change(store, 'B', 'normal', approved('rita'), authorized, scheduled, started());
    await store.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the pack as a folder and a zip, which verify; a changed file does not', () => {
    const out = path.join(dir, 'march');
    const made = run('evidence.js', ...period, '--out', out);
    expect({ code: made.status, stderr: made.stderr }).toEqual({ code: 0, stderr: '' });
    expect(made.stdout).toContain('8.5.1 Change management: 2 records, 1 nonconformities');
    const nonconformities = JSON.parse(fs.readFileSync(path.join(out, '8.5.1-change-management', 'nonconformities.json'), 'utf8'));
    expect(nonconformities.map((found: { kind: string; record: { id: string } }) => [found.record.id, found.kind])).toEqual([['B', 'approver_is_requester']]);
    for (const pack of [out, `${out}.zip`]) expect(run('evidence-verify.js', pack).status).toBe(0);

    fs.appendFileSync(path.join(out, '8.5.1-change-management', 'changes.csv'), 'forged\r\n');
    const broken = run('evidence-verify.js', out);
    expect(broken.status).toBe(1);
    expect(JSON.parse(broken.stdout)).toEqual({ ok: false, problems: ["8.5.1-change-management/changes.csv: changed (its SHA-256 is not the manifest's)"] });
  });

  it('gives the same files for the same period whenever it is run, the manifest\'s time and signature aside', () => {
    const [first, second] = [path.join(dir, 'one'), path.join(dir, 'two')];
    expect(run('evidence.js', ...period, '--out', first).status).toBe(0);
    expect(run('evidence.js', ...period, '--out', second).status).toBe(0);
    for (const file of ['changes.json', 'changes.csv', 'nonconformities.json', 'nonconformities.csv']) {
      expect(fs.readFileSync(path.join(second, '8.5.1-change-management', file))).toEqual(fs.readFileSync(path.join(first, '8.5.1-change-management', file)));
    }
    const manifest = (folder: string) => {
      const { generatedAt, signature, ...rest } = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
      void generatedAt;
      void signature;
      return rest;
    };
    expect(manifest(second)).toEqual(manifest(first));
  });

  it('refuses a bad request with exit 2, naming what is wrong, and writes nothing', () => {
    const noZone = run('evidence.js', '--from', '2026-03-01T00:00:00', '--to', '2026-04-01T00:00:00Z', '--out', path.join(dir, 'x'));
    expect([noZone.status, noZone.stderr.split('\n')[0]]).toEqual([2, '--from must be an instant with a zone (2026-03-01T00:00:00Z)']);
    const existing = run('evidence.js', ...period, '--out', dir);
    expect([existing.status, existing.stderr.split('\n')[0]]).toEqual([2, `${dir} exists: a pack is written to a new folder`]);
    expect(fs.existsSync(path.join(dir, 'x'))).toBe(false);
    expect(run('evidence-verify.js', path.join(dir, 'nowhere')).status).toBe(2);
  });
});
