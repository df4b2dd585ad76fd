import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The end-to-end tests drive the apps through the client typed by test/support/api-client/. Those types
 * must be what the apps serve now, or a changed route, field or answer would leave the tests (and the
 * documents frontends generate from) behind without a sound. The generator runs built, as
 * `npm run openapi:client` runs it: openapi-typescript loads ES modules that jest cannot on Node 20.
 */
jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..');
const GENERATOR = path.join(ROOT, 'dist', 'scripts', 'openapi-client.js');
const CLIENT = path.join(ROOT, 'test', 'support', 'api-client');

const check = (dir = CLIENT) => spawnSync(process.execPath, [GENERATOR, '--check', '--dir', dir], { cwd: ROOT, encoding: 'utf8' });

it('the committed client types are those generated from the documents the apps serve now (npm run openapi:client)', () => {
  const run = check();
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
});

it('notices a client type file that no longer matches the documents, naming it', () => {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'api-client-'));
  try {
    for (const file of ['command-api.ts', 'query-api.ts']) fs.copyFileSync(path.join(CLIENT, file), path.join(copy, file));
    const drifted = path.join(copy, 'query-api.ts');
    fs.writeFileSync(drifted, fs.readFileSync(drifted, 'utf8').replace('"/incidents/{id}": {', '"/incidents/{incidentId}": {'));
    const run = check(copy);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1, stderr: expect.stringContaining(`${path.relative(ROOT, drifted)}.`) });
    expect(run.stderr).not.toContain('command-api.ts');
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
