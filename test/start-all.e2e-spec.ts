import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * `npm start` as an operator meets it: dist/scripts/start-all.js (run `npm run build` first) with the
 * three apps as its children, on a temp DATA_DIR and free ports. Stopping it stops everything, a
 * failure anywhere ends it with a non-zero code, and each app says once that it is ready.
 */
const ROOT = path.resolve(__dirname, '..');
const START_ALL = path.join(ROOT, 'dist', 'scripts', 'start-all.js');
const APPS = ['command-api', 'query-api', 'projector'] as const;
type App = (typeof APPS)[number];

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

interface Run {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly exited: Promise<Exit>;
  readonly ports: Record<App, number>;
  readonly dataDir: string;
  output(): string;
}

const cleanup: (() => void)[] = [];

afterEach(() => {
  while (cleanup.length > 0) cleanup.pop()!();
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** `node` runs start-all.js directly; `npm` runs the package's real `start` script through npm (its build step skipped). */
async function launch(via: 'node' | 'npm', extraEnv: Record<string, string> = {}): Promise<Run> {
  if (!fs.existsSync(START_ALL)) throw new Error('Build first: npm run build');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-start-all-'));
  const ports = { 'command-api': await freePort(), 'query-api': await freePort(), projector: await freePort() };
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    DATA_DIR: dataDir,
    COMMAND_API_PORT: String(ports['command-api']),
    QUERY_API_PORT: String(ports['query-api']),
    PROJECTOR_PORT: String(ports.projector),
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  let child: ChildProcess;
  if (via === 'node') {
    child = spawn(process.execPath, [START_ALL], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  } else {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const script = pkg.scripts.start.replace('npm run build', 'true');
    expect(script).not.toEqual(pkg.scripts.start); // the build step is still the first thing `npm start` does
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-npm-start-'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'npm-start-probe', private: true, scripts: { start: script } }));
    fs.symlinkSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    child = spawn('npm', ['start', '--silent'], { cwd: dir, env: { ...env, npm_config_update_notifier: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
  }
  const lines: string[] = [];
  let partial = '';
  const collect = (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { child, lines, exited, ports, dataDir, output: () => [...lines, partial].join('\n') };
}

/** Waits until every app answers /health; answers each app's url and pid (found among start-all's descendants). */
async function ready(run: Run, timeoutMs = 30_000): Promise<Record<App, { url: string; pid: number }>> {
  const deadline = Date.now() + timeoutMs;
  const apps = {} as Record<App, { url: string; pid: number }>;
  for (const app of APPS) {
    const url = `http://127.0.0.1:${run.ports[app]}`;
    for (;;) {
      if (run.child.exitCode !== null || run.child.signalCode !== null) throw new Error(`start-all exited before ${app} was ready:\n${run.output()}`);
      if (Date.now() > deadline) throw new Error(`${app} never answered /health:\n${run.output()}`);
      const status = await fetch(`${url}/health`).then((response) => response.status, () => 0);
      if (status > 0 && status < 500) break;
      await sleep(50);
    }
    const pid = descendants(run.child.pid!).find((candidate) => commandLine(candidate).includes(path.join('apps', app, 'src', 'main.js')));
    if (pid === undefined) throw new Error(`no ${app} process under start-all`);
    cleanup.push(() => killQuietly(pid));
    apps[app] = { url, pid };
  }
  return apps;
}

function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      parents.set(Number(entry), parentOf(Number(entry)));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parents) {
      if (parent === pid) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return found;
}

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Alive and not a zombie (an orphan's zombie may wait a moment for init to reap it). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

function parentOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function killQuietly(pid: number): void {
  try {
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Every pid gone within `ms`; answers those still alive. */
async function survivors(pids: readonly number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = pids.filter(alive);
    if (left.length === 0 || Date.now() > deadline) return left;
    await sleep(50);
  }
}

async function exitWithin(run: Run, ms: number): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  const result = await Promise.race([run.exited, timeout]).finally(() => clearTimeout(timer));
  if (result === 'timeout') throw new Error(`still running after ${ms} ms:\n${run.output()}`);
  return result;
}

function pidsOf(apps: Record<App, { pid: number }>): number[] {
  return APPS.map((app) => apps[app].pid);
}

describe('npm start (scripts/start-all)', () => {
  it('logs one ready line per app once it listens, and SIGTERM stops every process and exits 0', async () => {
    const run = await launch('node');
    const apps = await ready(run);
    await sleep(300);
    for (const app of APPS) {
      // Each app's log is JSON lines, prefixed here with the app's name.
      const logged = run.lines.filter((line) => line.startsWith(`[${app}] {`)).map((line) => JSON.parse(line.slice(app.length + 3)) as { msg: string; url?: string });
      expect(logged.filter((line) => line.msg.startsWith('ready'))).toEqual([expect.objectContaining({ level: 'info', app, url: apps[app].url, msg: `ready on ${apps[app].url} (pid ${apps[app].pid})` })]);
      expect(alive(apps[app].pid)).toBe(true);
    }

    run.child.kill('SIGTERM');
    const exit = await exitWithin(run, 15_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await survivors(pidsOf(apps), 1000)).toEqual([]);
  }, 60_000);

  it('through the npm start script, SIGTERM to npm reaches start-all and stops every process', async () => {
    const run = await launch('npm');
    const apps = await ready(run);
    const startAll = parentOf(apps['command-api'].pid);
    cleanup.push(() => killQuietly(startAll));

    run.child.kill('SIGTERM');
    const exit = await exitWithin(run, 15_000);
    expect(await survivors([startAll, ...pidsOf(apps)], 3000)).toEqual([]);
    expect(exit).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('SIGKILL of npm (no signal forwarded): start-all notices it lost its parent and stops every process', async () => {
    const run = await launch('npm');
    const apps = await ready(run);
    const startAll = parentOf(apps['command-api'].pid);
    cleanup.push(() => killQuietly(startAll));

    run.child.kill('SIGKILL');
    await exitWithin(run, 5000);
    expect(await survivors([startAll, ...pidsOf(apps)], 15_000)).toEqual([]);
  }, 60_000);

  it('SIGKILL of start-all takes the apps with it', async () => {
    const run = await launch('node');
    const apps = await ready(run);

    run.child.kill('SIGKILL');
    await exitWithin(run, 5000);
    expect(await survivors(pidsOf(apps), 10_000)).toEqual([]);
  }, 60_000);

  it('an app that dies (SIGKILL) stops the others and start-all exits non-zero, saying which', async () => {
    const run = await launch('node');
    const apps = await ready(run);

    process.kill(apps.projector.pid, 'SIGKILL');
    const exit = await exitWithin(run, 15_000);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(run.output()).toMatch(/projector.*(exited|died|killed).*SIGKILL/);
    expect(await survivors(pidsOf(apps), 1000)).toEqual([]);
  }, 60_000);

  it('a port already in use ends it with a non-zero code, naming the port', async () => {
    const blocker = net.createServer();
    const run = await launch('node');
    await new Promise<void>((resolve) => blocker.listen(run.ports['query-api'], '127.0.0.1', resolve));
    cleanup.push(() => blocker.close());

    const exit = await exitWithin(run, 30_000);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(run.output()).toMatch(new RegExp(`\\[query-api\\].*EADDRINUSE.*${run.ports['query-api']}`));
    expect(run.lines.filter((line) => line.startsWith('[query-api] ready on'))).toEqual([]);
  }, 60_000);

  it('a bad configuration ends it before anything starts, naming the variable (no stack trace)', async () => {
    const run = await launch('node', { COMMAND_API_PORT: 'not-a-port' });

    const exit = await exitWithin(run, 10_000);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(run.output()).toMatch(/COMMAND_API_PORT/);
    expect(run.output()).not.toMatch(/^\s+at /m);
    expect(run.output()).not.toMatch(/ready on/);
  }, 30_000);

  it('a missing better-sqlite3 binding (installed with scripts off) ends it with a non-zero code and the reason', async () => {
    // What npm 12 leaves behind when better-sqlite3's install script is not allowed: no build/Release/*.node.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-no-binding-'));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const preload = path.join(dir, 'no-binding.js');
    fs.writeFileSync(
      preload,
      `const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'bindings') return () => { throw new Error('Could not locate the bindings file. Tried:\\n → (simulated: better-sqlite3 installed without its install script)'); };
  return load.call(this, request, ...rest);
};
`,
    );
    const run = await launch('node', { NODE_OPTIONS: `--require ${preload}` });

    const exit = await exitWithin(run, 30_000);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(run.output()).toMatch(/Could not locate the bindings file/);
  }, 60_000);
});
