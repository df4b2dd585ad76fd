import fc from 'fast-check';
import type { EventStore } from '@itsm/event-store';
import { openEventStore } from '@itsm/platform';
import { CommandApiModule } from '../apps/command-api/src/command-api.module';
import { QueryApiModule } from '../apps/query-api/src/query-api.module';
import { FIXED_NOW, InProcessApp, tempDataDir, type InjectAnswer } from './support/in-process-app';
import { encodeAnyway, idFor, payloadFor, queryValueFor, type OpenApi, type Operation } from './support/openapi-arbitraries';

/**
 * Keeps trying the edges (issue 8): requests generated from both OpenAPI documents, shaped by
 * their schemas most of the time and hostile the rest (unicode junk, deep nesting, broken JSON,
 * bad encodings, foreign tokens and preconditions), against the command and query APIs. Whatever
 * is sent, the answer is 2xx, 304 or a 4xx problem+json, never a 5xx, and a refused command adds
 * nothing to the log. A fixed seed keeps a failure reproducible; the run is bounded.
 */
jest.setTimeout(120_000);

const SEED = 20261129;
const RUNS = 2500;

interface Target {
  readonly app: 'commands' | 'queries';
  readonly method: 'GET' | 'POST';
  readonly path: string;
}

/** Where the target's schema lives; kept out of the generated values so a counterexample prints short. */
interface Described {
  readonly op: Operation;
  readonly doc: OpenApi;
}

interface FuzzRequest {
  readonly target: Target;
  readonly url: string;
  readonly payload: string | undefined;
  readonly headers: Record<string, string>;
  readonly token: string | undefined;
}

describe('Both APIs under generated hostile requests', () => {
  const dataDir = tempDataDir();
  let commands: InProcessApp;
  let queries: InProcessApp;
  let events: EventStore;
  const known: string[] = [];
  const targets: Target[] = [];
  const described = new Map<Target, Described>();

  beforeAll(async () => {
    commands = await InProcessApp.start((config) => CommandApiModule.register(config, () => FIXED_NOW), { CONSISTENCY_TIMEOUT_MS: '20' }, dataDir);
    queries = await InProcessApp.start((config) => QueryApiModule.register(config), { CONSISTENCY_TIMEOUT_MS: '20' }, dataDir);
    events = await openEventStore(queries.config);
    const admin = commands.token('fuzz-admin', 'admin');
    const post = async (url: string, body: object) => String((await commands.request('POST', url, { token: admin, body })).body?.id);
    const ci = await post('/cis', { name: 'fuzz-server', ciClass: 'server', attributes: {}, ownerGroup: 'ops', criticality: 2 });
    known.push(ci, await post('/incidents', { title: 'Fuzz', description: 'x', caller: 'c', category: 'network', impact: 2, urgency: 2, configurationItemId: ci }));
    const window = { start: '2026-04-01T20:00:00Z', end: '2026-04-01T22:00:00Z' };
    known.push(await post('/changes', { changeType: 'normal', title: 'Fuzz', justification: 'x', implementationPlan: 'p', backoutPlan: 'b', testPlan: 't', window, affectedCiIds: [ci] }));
    for (const [app, api] of [['commands', commands], ['queries', queries]] as const) {
      const doc = (await api.request('GET', '/docs-json')).body as OpenApi;
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          const target: Target = { app, method: method.toUpperCase() as 'GET' | 'POST', path };
          targets.push(target);
          described.set(target, { op, doc });
        }
      }
    }
  });
  afterAll(async () => {
    await events.close();
    await commands.stop(false);
    await queries.stop();
  });

  const opOf = (target: Target) => (described.get(target) as Described).op;
  const docOf = (target: Target) => (described.get(target) as Described).doc;

  function requests(): fc.Arbitrary<FuzzRequest> {
    const tokens = [commands.token('fuzz-admin', 'admin'), commands.token('fuzz-agent', 'agent'), commands.token('fuzz-cab', 'cab-member'), commands.token('fuzz-auditor', 'auditor')];
    return fc.constantFrom(...targets).chain((target) =>
      fc.record({
        target: fc.constant(target),
        url: urlFor(target),
        payload: target.method === 'POST' ? payloadFor(docOf(target), opOf(target).requestBody?.content['application/json']?.schema).map((p) => p as string | undefined) : fc.constant(undefined),
        headers: headersFor(target),
        token: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...tokens) }, { weight: 1, arbitrary: fc.constantFrom(undefined, 'garbage', `${tokens[0]}x`) }),
      }),
    );
  }

  function urlFor(target: Target): fc.Arbitrary<string> {
    const parameters = opOf(target).parameters ?? [];
    const pathParams = parameters.filter((p) => p.in === 'path');
    const queryParams = parameters.filter((p) => p.in === 'query');
    const pathValues = fc.tuple(...pathParams.map((p) => (p.name === 'id' ? idFor(known) : queryValueFor(docOf(target), p.schema).map(encodeAnyway))));
    const queryValues = fc.tuple(...queryParams.map((p) => fc.option(queryValueFor(docOf(target), p.schema), { nil: undefined })));
    return fc.tuple(pathValues, queryValues, fc.option(fc.constantFrom('colour=red', 'limit=abc', 'consistentWith=99999999999999999999', 'cursor=%'), { nil: undefined })).map(([ids, values, extra]) => {
      let path = target.path;
      pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, ids[i] as string)));
      const query = queryParams.flatMap((p, i) => (values[i] === undefined ? [] : [`${p.name}=${encodeAnyway(values[i] as string)}`]));
      if (extra !== undefined) query.push(extra);
      return query.length === 0 ? path : `${path}?${query.join('&')}`;
    });
  }

  function headersFor(target: Target): fc.Arbitrary<Record<string, string>> {
    return fc
      .record(
        {
          'content-type': fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/json; charset=latin1'),
          'idempotency-key': fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('key-1', 'key-2', ' ', 'k'.repeat(300))),
          'if-match': fc.constantFrom('"0"', 'W/"0"', '*', 'junk', '"0", "1"', '"3.abc"'),
          'if-none-match': fc.constantFrom('*', '"0.x"', 'W/"1"'),
        },
        { requiredKeys: target.method === 'POST' ? ['content-type'] : [] },
      )
      .map((headers) => Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as Record<string, string>);
  }

  it(`answers ${RUNS} generated requests with 2xx, 304 or a 4xx problem+json, and a refused command appends nothing`, async () => {
    expect(targets.length).toBeGreaterThan(40);
    await fc.assert(
      fc.asyncProperty(requests(), async (request) => {
        const api = request.target.app === 'commands' ? commands : queries;
        const before = await events.headPosition();
        const answer = await api.requestRaw(request.target.method, request.url, {
          ...(request.token === undefined ? {} : { token: request.token }),
          ...(request.payload === undefined ? {} : { payload: request.payload }),
          headers: request.target.method === 'GET' ? withoutBodyHeaders(request.headers) : request.headers,
        });
        expectWellFormed(answer, request);
        if (request.target.method === 'POST' && answer.status >= 400) expect(await events.headPosition()).toBe(before);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  const { 'content-type': _type, ...rest } = headers;
  void _type;
  return rest;
}

function expectWellFormed(answer: InjectAnswer, request: FuzzRequest): void {
  const where = `${request.target.method} ${request.url}`;
  if (answer.status >= 500) throw new Error(`${where} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  if (answer.status < 400) return;
  const type = String(answer.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json') || typeof answer.body?.code !== 'string') {
    throw new Error(`${where} answered ${answer.status} without problem+json: ${type} ${JSON.stringify(answer.body)}`);
  }
}
