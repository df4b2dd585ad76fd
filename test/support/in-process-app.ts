import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type AppConfig } from '@itsm/config';
import { createHttpApp, signToken, type AppLogLevel, type Role } from '@itsm/platform';
import type { DestinationStream } from 'pino';

export const SECRET = 'in-process-test-secret-of-at-least-32-chars';
export const FIXED_NOW = new Date('2026-03-02T08:30:00.000Z');
/** Tests send thousands of requests from one address; those about rate limits set their own. */
const UNLIMITED = { RATE_LIMIT_PER_TOKEN_PER_MINUTE: '1000000', RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000' };

export interface InjectAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One app in this process, reached with Fastify's inject: HTTP semantics without sockets. */
export class InProcessApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: AppConfig,
  ) {}

  /** `log`: the JSON log lines at that level into that stream; silent otherwise. */
  static async start(moduleFor: (config: AppConfig) => unknown, env: Record<string, string> = {}, dataDir = tempDataDir(), log?: { level: AppLogLevel; destination: DestinationStream }): Promise<InProcessApp> {
    const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: SECRET, ...UNLIMITED, ...env });
    // The apps' own factory: the same body limit, parser, router options, hooks and filter as in production.
    const logging = log === undefined ? { logLevel: false as const } : { logLevel: log.level, logDestination: log.destination };
    const app = await createHttpApp(moduleFor(config), config, { name: 'test', title: 'test', description: 'test', ...logging });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return new InProcessApp(app, config);
  }

  token(subject: string, ...roles: Role[]): string {
    return signToken({ secret: SECRET, issuer: this.config.auth.issuer }, { subject, roles });
  }

  async request(method: 'GET' | 'POST', url: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<InjectAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.app.getHttpAdapter().getInstance().inject({
      method,
      url,
      headers,
      ...(options.body === undefined ? {} : { payload: JSON.stringify(options.body) }),
    });
    return { status: response.statusCode, headers: response.headers, body: response.body ? JSON.parse(response.body) : null };
  }

  /** Sends exactly these bytes (hostile input a JSON client could not produce); the answer parsed when it is JSON. */
  async requestRaw(
    method: 'GET' | 'POST' | 'OPTIONS',
    url: string,
    options: { token?: string; payload?: string | Buffer; headers?: Record<string, string>; remoteAddress?: string } = {},
  ): Promise<InjectAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    const response = await this.app.getHttpAdapter().getInstance().inject({
      method,
      url,
      headers,
      ...(options.payload === undefined ? {} : { payload: options.payload }),
      ...(options.remoteAddress === undefined ? {} : { remoteAddress: options.remoteAddress }),
    });
    // JSON or problem+json, not JSON lines (application/x-ndjson), which stay text.
    const json = /[/+]json\b/.test(String(response.headers['content-type'] ?? ''));
    return { status: response.statusCode, headers: response.headers, body: json && response.body ? JSON.parse(response.body) : response.body };
  }

  async stop(removeData = true): Promise<void> {
    await this.app.close();
    if (removeData) fs.rmSync(this.config.dataDir, { recursive: true, force: true });
  }
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-int-'));
}
