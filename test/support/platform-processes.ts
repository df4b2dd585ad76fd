import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { signToken, type Role } from '@itsm/platform';

export const TEST_SECRET = 'e2e-secret-that-is-long-enough-for-hs256-0123456789';
const ISSUER = 'itsm-ledger';
const DIST = path.resolve(__dirname, '../../dist/apps');

export type AppName = 'command-api' | 'query-api' | 'projector';

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

/** The three built apps as real processes on a temp data dir (run `npm run build` first). */
export class Platform {
  readonly processes = new Map<AppName, ChildProcess>();
  readonly output: string[] = [];

  private constructor(
    readonly dataDir: string,
    readonly ports: Record<AppName, number>,
    private readonly storeEnv: Readonly<Record<string, string>>,
  ) {}

  /** `storeEnv` selects the stores (e.g. EVENT_STORE=esdb with EVENTSTORE_URL); default: the embedded SQLite files. */
  static async start(storeEnv: Readonly<Record<string, string>> = {}): Promise<Platform> {
    if (!fs.existsSync(path.join(DIST, 'command-api', 'src', 'main.js'))) throw new Error('Build first: npm run build');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-e2e-'));
    const ports = { 'command-api': await freePort(), 'query-api': await freePort(), projector: await freePort() };
    const platform = new Platform(dataDir, ports, storeEnv);
    await Promise.all((['command-api', 'query-api', 'projector'] as const).map((app) => platform.startApp(app)));
    return platform;
  }

  url(app: AppName): string {
    return `http://127.0.0.1:${this.ports[app]}`;
  }

  token(subject: string, ...roles: Role[]): string {
    return signToken({ secret: TEST_SECRET, issuer: ISSUER }, { subject, roles });
  }

  async startApp(app: AppName): Promise<void> {
    const env = {
      PATH: process.env.PATH,
      DATA_DIR: this.dataDir,
      JWT_SECRET: TEST_SECRET,
      COMMAND_API_PORT: String(this.ports['command-api']),
      QUERY_API_PORT: String(this.ports['query-api']),
      PROJECTOR_PORT: String(this.ports.projector),
      LOG_LEVEL: 'warn',
      // A killed projector's lease outlives it; a short one lets its successor take over quickly.
      PROJECTOR_LEASE_TTL_MS: '1000',
      // Load tests send thousands of requests a minute from one address; rate limits have their own tests.
      RATE_LIMIT_PER_TOKEN_PER_MINUTE: '1000000',
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
      ...this.storeEnv,
    };
    const child = spawn(process.execPath, [path.join(DIST, app, 'src', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(`[${app}] ${chunk.toString()}`));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(`[${app}] ${chunk.toString()}`));
    this.processes.set(app, child);
    await this.waitForHealth(app);
  }

  /** True while none of the started processes has exited (a crash would show here). */
  allRunning(): boolean {
    return [...this.processes.values()].every((child) => child.exitCode === null && child.signalCode === null);
  }

  /** SIGKILL: no shutdown hooks, the harshest restart. */
  async kill(app: AppName): Promise<void> {
    const child = this.processes.get(app);
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    this.processes.delete(app);
  }

  /** SIGTERM: the app's own shutdown (its hooks close the stores), waited for until it exits. */
  async terminate(app: AppName): Promise<number | null> {
    const child = this.processes.get(app);
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (exitCode) => resolve(exitCode));
      child.kill('SIGTERM');
    });
    this.processes.delete(app);
    return code;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.processes.keys()].map((app) => this.kill(app)));
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async waitForHealth(app: AppName): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const child = this.processes.get(app);
      if (child?.exitCode !== null) throw new Error(`${app} exited:\n${this.output.join('')}`);
      try {
        if ((await fetch(`${this.url(app)}/health`)).status < 500) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${app} did not become healthy:\n${this.output.join('')}`);
  }
}

export interface HttpAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** A tiny JSON client: no retries, no magic, so tests see exactly what a frontend would. */
export async function http<T = Record<string, unknown>>(
  method: 'GET' | 'POST',
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
}
