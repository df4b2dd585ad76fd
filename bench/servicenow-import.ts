import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { memoryOf } from './bench-apps';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'scripts', 'import-servicenow.js');
const SAMPLE = path.join(ROOT, 'test', 'fixtures', 'servicenow', 'incident-event-log-sample.csv');

export interface ImportRun {
  readonly scenario: string;
  readonly rows: number;
  readonly eventsAppended: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  /** The importer process's peak resident memory (VmHWM), MiB. */
  readonly peakMb: number;
}

/** One run of the CLI as a user runs it, on `dataDir`, sampling its memory until it exits. */
async function runImport(file: string, dataDir: string): Promise<{ seconds: number; peakMb: number; summary: { rowsRead: number; eventsAppended: number } }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [CLI, file, '--instance', 'bench', '--json'], { env: { PATH: process.env.PATH, HOME: os.tmpdir(), DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  let peakMb = 0;
  const sampler = setInterval(() => {
    try {
      peakMb = Math.max(peakMb, memoryOf(child.pid!).peakMb);
    } catch {
      // exited between two samples
    }
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`import exited ${code}: ${out}`);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakMb, summary: JSON.parse(out) };
}

/**
 * A synthetic export of `rows` rows in the sample's format: the sample's incidents again and again,
 * each copy under new numbers, so every row is a real row shape and every incident a real history.
 */
async function syntheticExport(rows: number, file: string): Promise<void> {
  const [header, ...lines] = fs.readFileSync(SAMPLE, 'utf8').split('\r\n').filter((line) => line !== '');
  const out = fs.createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write(`${header}\r\n`);
  let written = 0;
  for (let copy = 0; written < rows; copy++) {
    let batch = '';
    for (const line of lines) {
      if (written >= rows) break;
      const comma = line.indexOf(',');
      const value = Number(line.slice(3, comma)) + copy * 2000;
      batch += `INC${String(value).padStart(7, '0')}${line.slice(comma)}\r\n`;
      written++;
    }
    await write(batch);
  }
  await new Promise<void>((resolve) => out.end(resolve));
}

export async function measureServiceNowImport(syntheticRows: readonly number[] = [100_000, 1_000_000]): Promise<ImportRun[]> {
  const results: ImportRun[] = [];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-bench-import-'));
  const row = (scenario: string, run: Awaited<ReturnType<typeof runImport>>): ImportRun => ({
    scenario, rows: run.summary.rowsRead, eventsAppended: run.summary.eventsAppended, seconds: Math.round(run.seconds * 10) / 10,
    rowsPerSecond: Math.round(run.summary.rowsRead / run.seconds), peakMb: run.peakMb,
  });
  try {
    // The sample three times on fresh logs (the median), then once more on the last: a rerun that appends nothing.
    const runs: Awaited<ReturnType<typeof runImport>>[] = [];
    let dataDir = '';
    for (let i = 0; i < 3; i++) {
      dataDir = fs.mkdtempSync(path.join(scratch, 'sample-'));
      runs.push(await runImport(SAMPLE, dataDir));
    }
    runs.sort((a, b) => a.seconds - b.seconds);
    results.push(row('the sample (5,998 rows, 890 incidents), median of 3, each on a fresh log', runs[1]!));
    results.push(row('the sample again on the same log (a rerun: nothing appended)', await runImport(SAMPLE, dataDir)));
    for (const rows of syntheticRows) {
      const file = path.join(scratch, `synthetic-${rows}.csv`);
      await syntheticExport(rows, file);
      const megabytes = Math.round(fs.statSync(file).size / 2 ** 20);
      results.push(row(`synthetic, ${rows.toLocaleString('en')} rows (${megabytes} MiB), on a fresh log`, await runImport(file, fs.mkdtempSync(path.join(scratch, 'synthetic-')))));
      fs.rmSync(file);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return results;
}
