import { spawn } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { aSealedDataDir, at, type SealedDataDir } from './support/sealed-data-dir';

/**
 * `npm run -s verify` as an auditor meets it: dist/scripts/verify.js (run `npm run build` first) on
 * a DATA_DIR sealed as the projector seals it. Exit 0 and the report when the log holds, 1 and the
 * first break when it does not, 2 and the usage when it could not verify.
 */
const ROOT = path.resolve(__dirname, '..');
// Each run is a fresh node process (about a second under load); some tests make five.
jest.setTimeout(30_000);
const VERIFY = path.join(ROOT, 'dist', 'scripts', 'verify.js');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function verify(dataDir: string, args: readonly string[] = []): Promise<Run> {
  if (!fs.existsSync(VERIFY)) throw new Error('Build first: npm run build');
  const child = spawn(process.execPath, [VERIFY, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** The report, with the exit code beside it so a failure shows both. */
const reportOf = (run: Run) => ({ code: run.code, report: run.stdout ? JSON.parse(run.stdout) : run.stderr });

describe('npm run verify (scripts/verify)', () => {
  let sealed: SealedDataDir;
  const write = (name: string, text: string) => {
    const file = path.join(sealed.dataDir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  /** What an auditor kept of GET /audit/public-key. */
  const publicKeyFile = () => write('kept-public-key.pem', createPublicKey(fs.readFileSync(path.join(sealed.dataDir, 'audit-signing-key.pem'))).export({ type: 'spki', format: 'pem' }).toString());

  beforeEach(async () => {
    sealed = await aSealedDataDir();
  });
  afterEach(() => fs.rmSync(sealed.dataDir, { recursive: true, force: true }));

  it('exits 0 with the report when the log holds', async () => {
    expect(reportOf(await verify(sealed.dataDir))).toEqual({
      code: 0,
      report: { ok: true, eventsChecked: 63, checkpointsChecked: 3, firstBreak: null, scope: 'the whole log', verifiedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    });
  });

  it("exits 1 with the first break when an event was edited and its stream's chain recomputed", async () => {
    sealed.tamper.editData(20, (data) => ({ ...data, text: 'forged' }), { rechain: true });
    expect(reportOf(await verify(sealed.dataDir))).toEqual({
      code: 1,
      report: {
        ok: false, eventsChecked: 19, checkpointsChecked: 0, scope: 'the whole log', verifiedAt: expect.any(String),
        firstBreak: { position: at(20), stream: 'ticket-1', revision: 3, reason: 'fingerprint_mismatch', detail: expect.stringContaining('checkpoint 1') },
      },
    });
    expect(reportOf(await verify(sealed.dataDir, ['--stream', 'ticket-1'])).report.firstBreak).toMatchObject({ position: at(20), reason: 'fingerprint_mismatch' });
    expect(reportOf(await verify(sealed.dataDir, ['--stream', 'ticket-2']))).toMatchObject({ code: 0, report: { ok: true, eventsChecked: 10 } });
    expect(reportOf(await verify(sealed.dataDir, ['--to', at(19)]))).toMatchObject({ code: 0, report: { ok: true, eventsChecked: 19 } });
    expect(reportOf(await verify(sealed.dataDir, ['--from', at(10), '--to', at(30)]))).toMatchObject({ code: 1, report: { firstBreak: { position: at(20) } } });
  });

  it('finds the end of the log cut off, checkpoints with it, against the checkpoints kept in --checkpoints FILE, which the log alone cannot', async () => {
    const page = (from: number, to: number) => JSON.stringify({ items: sealed.checkpoints.slice(from, to), nextCursor: null });
    const files = {
      'a page of GET /audit/checkpoints': write('page.json', page(0, 3)),
      'pages, one per line': write('pages.jsonl', `${page(0, 2)}\n${page(2, 3)}\n`),
      'an array': write('array.json', JSON.stringify(sealed.checkpoints, null, 2)),
      'one checkpoint per line': write('lines.jsonl', sealed.checkpoints.map((checkpoint) => JSON.stringify(checkpoint)).join('\n')),
    };
    sealed.tamper.cutAfter(45);
    expect(reportOf(await verify(sealed.dataDir))).toMatchObject({ code: 0, report: { ok: true, eventsChecked: 45, checkpointsChecked: 0, firstBreak: null } });
    const runs = await Promise.all(Object.entries(files).map(async ([kind, file]) => ({ kind, ...reportOf(await verify(sealed.dataDir, ['--checkpoints', file])) })));
    for (const run of runs) {
      expect(run).toEqual({ kind: run.kind, code: 1, report: expect.objectContaining({ ok: false, firstBreak: expect.objectContaining({ position: at(46), reason: 'missing_event' }) }) });
    }
  });

  it('trusts the key in --public-key FILE instead of the configured one: a copy of the right key verifies, another key is untrusted', async () => {
    const kept = publicKeyFile();
    fs.rmSync(path.join(sealed.dataDir, 'audit-signing-key.pem'));
    const withoutKey = await verify(sealed.dataDir);
    expect({ code: withoutKey.code, stdout: withoutKey.stdout }).toEqual({ code: 2, stdout: '' });
    expect(withoutKey.stderr).toMatch(/^No checkpoint key in .*audit-signing-key\.pem: pass --public-key FILE/);
    expect(reportOf(await verify(sealed.dataDir, ['--public-key', kept]))).toMatchObject({ code: 0, report: { ok: true, checkpointsChecked: 3 } });
    const other = write('other.pem', generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());
    expect(reportOf(await verify(sealed.dataDir, ['--public-key', other]))).toMatchObject({ code: 1, report: { firstBreak: { position: at(61), stream: 'log-checkpoints', revision: 0, reason: 'checkpoint_untrusted_key' } } });
    expect(reportOf(await verify(sealed.dataDir, ['--public-key', other, '--public-key', kept]))).toMatchObject({ code: 0, report: { ok: true } });
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['ticket-1'], 'Unexpected argument'],
    [['--from', '12'], '--from must be a log position'],
    [['--stream', 'ticket-1', '--to', at(9)], 'give either --stream or --from/--to'],
    [['--stream', ''], '--stream needs a stream name'],
    [['--from', at(30), '--to', at(10)], '--to must not come before --from'],
    [['--checkpoints', 'no-such-file.json'], 'Could not verify: ENOENT'],
    [['--stream', 'ticket-99'], 'The log holds no event of stream ticket-99'],
    [['--from', '00000000000000000900'], 'The log holds no event from 00000000000000000900 to its end'],
  ])('exits 2 and says why on %j', async (args, why) => {
    const run = await verify(sealed.dataDir, args);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toContain(why);
  });

  it('exits 2 with the usage on a checkpoints file that holds no checkpoints, and never creates a log where there is none', async () => {
    const junk = await verify(sealed.dataDir, ['--checkpoints', write('junk.json', JSON.stringify([{ sequence: 1 }]))]);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/junk\.json: checkpoint 1 is not a checkpoint[\s\S]*npm run -s verify --/);
    const empty = path.join(sealed.dataDir, 'elsewhere');
    const nowhere = await verify(empty, ['--public-key', publicKeyFile()]);
    expect({ code: nowhere.code, stderr: nowhere.stderr.split('\n')[0] }).toEqual({ code: 2, stderr: `No event log at ${path.join(empty, 'events.sqlite')}: run with the servers' DATA_DIR` });
    expect(fs.existsSync(path.join(empty, 'events.sqlite'))).toBe(false);
  });

  it('--help prints the usage and exits 0', async () => {
    const run = await verify(sealed.dataDir, ['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^npm run -s verify -- \[--checkpoints FILE\]/);
  });
});
