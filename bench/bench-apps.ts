import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { signToken, type Role } from '@itsm/platform';
import { nextBenchPort } from './bench-ports';

export const BENCH_SECRET = 'bench-secret-of-at-least-thirty-two-characters';

/**
 * Where the apps under test are built. BENCH_APPS_DIR points at another build's dist/apps, so the
 * same scenario can be run against an older commit, together with this one, on the same machine.
 */
export const APPS_DIR = process.env.BENCH_APPS_DIR ?? path.join(__dirname, '..', 'apps');

/** The apps, and the no-op ceiling they are compared with (bench/ceiling, always from this build). */
export type BenchAppName = 'command-api' | 'query-api' | 'projector' | 'ceiling';

/** A benchmark sends thousands of requests a minute from one address with one token: it measures the apps, not the rate limit. */
const UNLIMITED = { RATE_LIMIT_PER_TOKEN_PER_MINUTE: '1000000', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000' };
const PORT_VARIABLE: Record<BenchAppName, string> = { 'command-api': 'COMMAND_API_PORT', 'query-api': 'QUERY_API_PORT', projector: 'PROJECTOR_PORT', ceiling: 'COMMAND_API_PORT' };
const mainOf = (app: BenchAppName) => (app === 'ceiling' ? path.join(__dirname, 'ceiling', 'main.js') : path.join(APPS_DIR, app, 'src', 'main.js'));

export interface BenchApp {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resident memory now, and the most it has held (VmHWM), in MiB. */
  memory(): { rssMb: number; peakMb: number };
  stop(): Promise<void>;
}

/** One app as its own process on `dataDir`, on the next port of the run (bench-ports.ts), answering /health. */
export async function startBenchApp(app: BenchAppName, dataDir: string, env: Record<string, string> = {}): Promise<BenchApp> {
  const port = await nextBenchPort();
  const fullEnv = { PATH: process.env.PATH, DATA_DIR: dataDir, JWT_SECRET: BENCH_SECRET, LOG_LEVEL: 'warn', ...UNLIMITED, [PORT_VARIABLE[app]]: String(port), ...env };
  // Its log lines go to our standard error: standard output carries the sections.
  const child = spawn(process.execPath, [mainOf(app)], { env: fullEnv, stdio: ['ignore', process.stderr, process.stderr] });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, app, child);
  return {
    url,
    child,
    memory: () => memoryOf(child.pid as number),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

export function benchToken(subject: string, ...roles: Role[]): string {
  return signToken({ secret: BENCH_SECRET, issuer: 'itsm-ledger' }, { subject, roles });
}

/** Until the app answers /health; an app that exits first (a bad configuration, a port taken) fails at once. */
async function waitForHealth(url: string, app: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`${app} exited with code ${child.exitCode} before answering ${url}/health (its error is above)`);
    if (await fetch(`${url}/health`).then((answer) => answer.status < 500, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGTERM');
  throw new Error(`${app} did not answer ${url}/health within 20 s`);
}

export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

/** CPU time (user and system) a process has used so far, in seconds (Linux clock ticks of 1/100 s). */
export function cpuSecondsOf(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The value at `fraction` (0.5 for the median) of the sorted samples, to a tenth of a millisecond. */
export function percentile(samples: readonly number[], fraction: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!.toFixed(1));
}

/** POSTs JSON with a bearer token; throws unless the answer is 2xx. Answers the body and the time it took. */
export async function post(url: string, token: string, body: unknown): Promise<{ body: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  const answer = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await answer.text();
  const ms = performance.now() - started;
  if (!answer.ok) throw new Error(`POST ${url} answered ${answer.status}: ${text.slice(0, 300)}`);
  return { body: JSON.parse(text) as Record<string, unknown>, ms };
}
