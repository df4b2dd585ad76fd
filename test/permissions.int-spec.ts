import jwt from 'jsonwebtoken';
import { HEALTH_ROUTES, PERMISSIONS, QUERIES_BY_POST, ROLES, type Role } from '@itsm/platform';
import { CommandApiModule } from '../apps/command-api/src/command-api.module';
import { QueryApiModule } from '../apps/query-api/src/query-api.module';
import { InProcessApp, SECRET, tempDataDir } from './support/in-process-app';

/**
 * The permission table, tried on the real apps: every operation of both OpenAPI documents, with a
 * token of every role, and with no token, an expired one, a forged one and one signed with `none`.
 * Exactly the roles the table names get through authorization; everyone else gets 403, and a bad
 * token 401, whatever the request says otherwise.
 */
interface Operation {
  readonly app: 'commands' | 'queries';
  readonly method: 'GET' | 'POST';
  /** As the table and the router write it: `/incidents/:id/assign`. */
  readonly route: string;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('The permission table, on every operation of both APIs', () => {
  const dataDir = tempDataDir();
  let commands: InProcessApp;
  let queries: InProcessApp;
  const operations: Operation[] = [];

  beforeAll(async () => {
    commands = await InProcessApp.start((config) => CommandApiModule.register(config), {}, dataDir);
    queries = await InProcessApp.start((config) => QueryApiModule.register(config), {}, dataDir);
    for (const [app, api] of [['commands', commands], ['queries', queries]] as const) {
      const doc = (await api.request('GET', '/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const method of Object.keys(methods)) operations.push({ app, method: method.toUpperCase() as 'GET' | 'POST', route: path.replace(/\{(\w+)\}/g, ':$1') });
      }
    }
  });
  afterAll(async () => {
    await commands.stop(false);
    await queries.stop();
  });

  /** A concrete URL for the route: path parameters filled, and what a GET needs to pass validation. */
  /** A stream that is let through never ends: asked from a position that is none, it answers 400 once through, and 401 or 403 before. */
  const STREAMS_ENDED = { '/events/stream': '?after=not-a-position' } as Readonly<Record<string, string>>;
  const urlOf = (operation: Operation) =>
    operation.route.replace(/:(\w+)/g, (_, name: string) => (name === 'id' ? '00000000-0000-4000-8000-000000000001' : 'service-desk')) + (STREAMS_ENDED[operation.route] ?? '');
  const call = (operation: Operation, authorization: string | undefined) => {
    const api = operation.app === 'commands' ? commands : queries;
    const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
    return api.requestRaw(operation.method, urlOf(operation), { headers: operation.method === 'POST' ? { ...headers, 'content-type': 'application/json' } : headers, ...(operation.method === 'POST' ? { payload: '{}' } : {}) });
  };
  const tokenOf = (role: Role) => `Bearer ${commands.token(`someone-${role}`, role)}`;

  it('declares every operation of both APIs, and nothing else (health, its probes and the docs are public)', () => {
    const served = operations.filter((o) => !HEALTH_ROUTES.includes(o.route)).map((o) => `${o.method} ${o.route}`).sort();
    expect(served).toEqual(Object.keys(PERMISSIONS).sort());
  });

  it('lets exactly the roles the table names through, and answers 403 problem+json to every other role', async () => {
    const wrong: string[] = [];
    for (const operation of operations.filter((o) => !HEALTH_ROUTES.includes(o.route))) {
      const allowed = PERMISSIONS[`${operation.method} ${operation.route}`] ?? [];
      for (const role of ROLES) {
        const answer = await call(operation, tokenOf(role));
        const through = answer.status !== 401 && answer.status !== 403;
        if (through !== allowed.includes(role)) wrong.push(`${operation.method} ${operation.route} as ${role}: ${answer.status}`);
        if (!through && !String(answer.headers['content-type']).startsWith('application/problem+json')) wrong.push(`${operation.method} ${operation.route} as ${role}: not problem+json`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('auditors read everything and change nothing', () => {
    const auditorMay = Object.entries(PERMISSIONS).filter(([, roles]) => roles.includes('auditor')).map(([operation]) => operation);
    const reads = (operation: string) => operation.startsWith('GET ') || QUERIES_BY_POST.includes(operation);
    expect(auditorMay.every(reads)).toBe(true);
    expect(auditorMay).toEqual(Object.keys(PERMISSIONS).filter(reads));
  });

  it('answers 401 to no token, an expired one, a forged one and one that signs with none, on every operation', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'mallory', roles: ['admin'], iss: 'itsm-ledger' };
    const badTokens: Record<string, string | undefined> = {
      none: undefined,
      expired: `Bearer ${jwt.sign({ ...claims, iat: now - 7200, exp: now - 3600 }, SECRET, { algorithm: 'HS256' })}`,
      forged: `Bearer ${jwt.sign({ ...claims, iat: now, exp: now + 600 }, 'another-secret-of-at-least-thirty-two-chars', { algorithm: 'HS256' })}`,
      'alg none': `Bearer ${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, iat: now, exp: now + 600 })}.`,
    };
    const wrong: string[] = [];
    for (const operation of operations.filter((o) => !HEALTH_ROUTES.includes(o.route))) {
      for (const [kind, authorization] of Object.entries(badTokens)) {
        const answer = await call(operation, authorization);
        if (answer.status !== 401) wrong.push(`${operation.method} ${operation.route} with ${kind} token: ${answer.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
