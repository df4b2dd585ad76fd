import { ModulesContainer } from '@nestjs/core';
import { INCIDENT_ERROR_CODES } from '@itsm/domain';
import { CommandApiModule } from '../apps/command-api/src/command-api.module';
import { ConditionalGet } from '../apps/query-api/src/conditional-get.interceptor';
import { QueryApiModule } from '../apps/query-api/src/query-api.module';
import { InProcessApp, type InjectAnswer } from './support/in-process-app';

type Media = { schema: any; example?: unknown; examples?: Record<string, { $ref: string }> }; // eslint-disable-line @typescript-eslint/no-explicit-any
type Answer = { description: string; content?: Record<string, Media>; headers?: Record<string, unknown> };
type Operation = {
  operationId: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, Answer>;
  security?: unknown[];
};
type OpenApi = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }>; examples: Record<string, { value: unknown }> };
};

const operations = (doc: OpenApi) =>
  Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })));

const headerParameters = (op: Operation) => (op.parameters ?? []).filter((parameter) => parameter.in === 'header').map((parameter) => parameter.name).sort();
/** The codes a response documents, from the schema's enum (the catalogue). */
const documentedCodes = (answer: Answer | undefined): string[] => answer?.content?.['application/problem+json']?.schema?.allOf?.[1]?.properties?.code?.enum ?? [];
const answerHeaders = (answer: Answer | undefined) => Object.keys(answer?.headers ?? {}).sort();

const successSchema = (op: Operation) => {
  const success = Object.entries(op.responses).find(([status]) => status.startsWith('2'));
  // JSON, JSON lines for an answer streamed a line at a time (POST /sla/what-if), a zip (evidence packs), Prometheus text (/metrics) or Server-Sent Events (the change feed).
  const content = success?.[1].content;
  return (content?.['application/json'] ?? content?.['application/x-ndjson'] ?? content?.['application/zip'] ?? content?.['text/plain'] ?? content?.['text/event-stream'])?.schema;
};

describe('OpenAPI documents', () => {
  let commands: InProcessApp;
  let queries: InProcessApp;
  let commandDoc: OpenApi;
  let queryDoc: OpenApi;

  beforeAll(async () => {
    commands = await InProcessApp.start((config) => CommandApiModule.register(config));
    queries = await InProcessApp.start((config) => QueryApiModule.register(config));
    commandDoc = (await commands.request('GET', '/docs-json')).body;
    queryDoc = (await queries.request('GET', '/docs-json')).body;
  });
  afterAll(async () => {
    await commands.stop();
    await queries.stop();
  });

  it('lists every command with its request schema, its answer schema and its problems', () => {
    const ops = operations(commandDoc).filter(({ name }) => name.startsWith('POST'));
    const incidents = ['', '/{id}/assign', '/{id}/cancel', '/{id}/close', '/{id}/comments', '/{id}/edit', '/{id}/hold', '/{id}/reassign', '/{id}/reclassify', '/{id}/reopen', '/{id}/resolve', '/{id}/resume', '/{id}/start', '/{id}/work-notes', '/{id}/propose-major', '/{id}/accept-major', '/{id}/decline-major', '/{id}/attach-child', '/{id}/detach-child', '/{id}/major-review'];
    const cis = ['', '/{id}/rename', '/{id}/attributes', '/{id}/status', '/{id}/owner-group', '/{id}/retire', '/{id}/relationships', '/{id}/relationships/remove'];
    const changes = ['', '/{id}/update', '/{id}/assign', '/{id}/assess', '/{id}/approve', '/{id}/reject', '/{id}/schedule', '/{id}/start', '/{id}/complete', '/{id}/review', '/{id}/retrospective-review', '/{id}/close', '/{id}/cancel'];
    const blackouts = ['', '/{id}/change', '/{id}/withdraw'];
    const problems = ['', '/{id}/assign', '/{id}/reclassify', '/{id}/assess', '/{id}/start-analysis', '/{id}/root-cause', '/{id}/workaround', '/{id}/link-incident', '/{id}/unlink-incident', '/{id}/known-error', '/{id}/start-fix', '/{id}/fix-change', '/{id}/resolve', '/{id}/close', '/{id}/cancel'];
    const expected = [
      ...incidents.map((suffix) => `POST /incidents${suffix}`),
      ...cis.map((suffix) => `POST /cis${suffix}`),
      ...changes.map((suffix) => `POST /changes${suffix}`),
      ...blackouts.map((suffix) => `POST /blackout-windows${suffix}`),
      ...problems.map((suffix) => `POST /problems${suffix}`),
      'POST /priority-matrices',
      'POST /business-calendars',
      'POST /sla-policies',
      'POST /personal-data/erasures',
      'POST /projections/{key}/resume',
    ];
    expect(ops.map(({ name }) => name).sort()).toEqual(expected.sort());
    // Commands that need nothing but the id take no body.
    const bodyless = ['POST /incidents/{id}/resume', 'POST /incidents/{id}/start', 'POST /incidents/{id}/close', 'POST /changes/{id}/assess', 'POST /changes/{id}/start', 'POST /changes/{id}/close', 'POST /problems/{id}/start-analysis', 'POST /problems/{id}/start-fix', 'POST /problems/{id}/close'];
    for (const { name, op } of ops) {
      expect({ name, hasBody: op.requestBody !== undefined }).toEqual({ name, hasBody: !bodyless.includes(name) });
      // Opening answers with the number taken too; defining SLA configuration with the version.
      const special: Record<string, string> = { 'POST /changes/{id}/schedule': 'ScheduleAcceptedDto', 'POST /incidents': 'OpenedDto', 'POST /changes': 'OpenedDto', 'POST /problems': 'OpenedDto', 'POST /business-calendars': 'SlaVersionDefinedDto', 'POST /sla-policies': 'SlaVersionDefinedDto', 'POST /personal-data/erasures': 'PersonalDataErasedDto' };
      const answer = special[name] ?? 'CommandAcceptedDto';
      expect({ name, answer: successSchema(op) }).toEqual({ name, answer: { $ref: `#/components/schemas/${answer}` } });
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '409', '412', '413', '415', '422', '429', '503']));
      // A command on a ticket may find none.
      if (name.includes('{id}')) expect(Object.keys(op.responses)).toContain('404');
      expect(op.security).toEqual(expect.arrayContaining([{ bearer: [] }]));
    }
  });

  it('describes request fields with their constraints', () => {
    const open = commandDoc.components.schemas['OpenIncidentDto'];
    expect(Object.keys(open?.properties ?? {})).toEqual(
      expect.arrayContaining(['title', 'description', 'caller', 'category', 'impact', 'urgency', 'configurationItemId', 'assignmentGroup']),
    );
    expect(open?.properties?.['impact']).toMatchObject({ enum: [1, 2, 3] });
  });

  it('lists every query with the schema of its answer', () => {
    const ops = operations(queryDoc);
    expect(ops.map(({ name }) => name).sort()).toEqual(
      [
        'GET /health', 'GET /health/live', 'GET /health/ready', 'GET /metrics', 'GET /events/stream', 'GET /incidents', 'GET /incidents/{id}', 'GET /queues/assignee/{assignee}', 'GET /queues/unassigned', 'GET /queues/{group}',
        'GET /incidents/{id}/work-notes', 'GET /incidents/{id}/comments',
        'GET /incidents/{id}/holds', 'GET /incidents/{id}/resolutions',
        'GET /cis', 'GET /cis/{id}', 'GET /cis/{id}/impact', 'GET /cis/{id}/relationships', 'GET /cis/{id}/history', 'GET /cmdb/as-of',
        'GET /changes', 'GET /changes/{id}', 'GET /changes/{id}/approvals', 'GET /cab/agenda', 'GET /blackout-windows', 'GET /blackout-windows/{id}', 'GET /change-templates',
        'GET /audit/events', 'GET /audit/public-key', 'GET /audit/checkpoints', 'GET /audit/verify',
        'GET /incidents/{id}/history', 'GET /changes/{id}/history', 'GET /blackout-windows/{id}/history',
        'GET /priority-matrices', 'GET /business-calendars', 'GET /sla-policies', 'GET /incidents/{id}/sla',
        'GET /sla/breaches', 'GET /sla/attainment', 'POST /sla/what-if',
        'POST /evidence-packs', 'GET /evidence-packs/{id}',
        'GET /problems', 'GET /problems/{id}', 'GET /problems/{id}/history', 'GET /known-errors', 'GET /incidents/{id}/known-errors', 'GET /problem-candidates', 'GET /major-incidents',
      ].sort(),
    );
    for (const { name, op } of ops) expect({ name, documented: successSchema(op) !== undefined }).toEqual({ name, documented: true });
    expect(Object.keys(queryDoc.components.schemas['IncidentDetailDto']?.properties ?? {})).toEqual(
      expect.arrayContaining(['openedBy', 'openedAt', 'updatedBy', 'updatedAt', 'priority', 'status', 'revision']),
    );
    expect(Object.keys(queryDoc.components.schemas['IncidentDetailDto']?.properties ?? {})).toEqual(
      expect.arrayContaining(['resolvedBy', 'closedBy', 'cancelledBy', 'holdCount', 'resolutionCount', 'onHoldSince', 'totalHoldMs']),
    );
  });
  it('documents every error as application/problem+json, each status with the codes it can carry and an example of each', () => {
    for (const doc of [commandDoc, queryDoc]) {
      for (const { name, op } of operations(doc)) {
        for (const [status, answer] of Object.entries(op.responses).filter(([code]) => Number(code) >= 400)) {
          // A probe's 503 is its report (down, and why), not a problem.
          if (status === '503' && ['GET /health', 'GET /health/ready'].includes(name)) continue;
          expect({ name, status, types: Object.keys(answer.content ?? {}) }).toEqual({ name, status, types: ['application/problem+json'] });
          const media = answer.content?.['application/problem+json'];
          for (const code of documentedCodes(answer)) {
            const example = doc.components.examples[media?.examples?.[code]?.$ref.replace('#/components/examples/', '') ?? '']?.value;
            expect({ name, status, example }).toEqual({ name, status, example: expect.objectContaining({ code, status: Number(status) }) });
          }
        }
      }
    }
  });

  it("documents an incident command's rules from the incident error table: a conflict 409, not allowed 422, never opened 404", () => {
    const assign = commandDoc.paths['/incidents/{id}/assign']?.['post'] as Operation;
    const statusOfKind = { conflict: '409', not_allowed: '422', not_found: '404' } as const;
    for (const [code, { kind }] of Object.entries(INCIDENT_ERROR_CODES)) {
      expect({ code, documented: documentedCodes(assign.responses[statusOfKind[kind]]).includes(code) }).toEqual({ code, documented: true });
    }
    // And the write path's own: a conflict that outlasted the retries, an Idempotency-Key reused, the store down.
    expect(documentedCodes(assign.responses['409'])).toContain('concurrency.wrong_expected_revision');
    expect(documentedCodes(assign.responses['412'])).toEqual(['precondition.failed']);
    expect(documentedCodes(assign.responses['422'])).toContain('idempotency.key_reused');
    expect(documentedCodes(assign.responses['503'])).toContain('event_store.unavailable');
    // Ours, not the caller's: a fault (logged), and a stream whose hash chain is broken (an integrity alarm).
    expect(documentedCodes(assign.responses['500']).sort()).toEqual(['integrity.chain_broken', 'internal']);
    expect(documentedCodes(assign.responses['429'])).toEqual(['rate_limit.exceeded']);
    expect(documentedCodes(assign.responses['401'])).toContain('auth.token_missing');
    expect(assign.responses['403']?.description).toContain('agent, manager, admin');
  });

  it('documents the headers where they apply: If-Match and Idempotency-Key on commands, ETag on their answers and on a 412, Retry-After on 429 and 503', () => {
    const assign = commandDoc.paths['/incidents/{id}/assign']?.['post'] as Operation;
    expect(headerParameters(assign)).toEqual(['Idempotency-Key', 'If-Match', 'X-Correlation-Id', 'X-Request-Id']);
    expect(answerHeaders(assign.responses['200'])).toEqual(['ETag', 'Idempotent-Replayed', 'X-Request-Id']);
    expect(answerHeaders(assign.responses['412'])).toEqual(['ETag', 'X-Request-Id']);
    expect(answerHeaders(assign.responses['429'])).toEqual(['Retry-After', 'X-Request-Id']);
    expect(answerHeaders(assign.responses['503'])).toEqual(['Retry-After', 'X-Request-Id']);
    expect(answerHeaders(assign.responses['401'])).toEqual(['WWW-Authenticate', 'X-Request-Id']);
    // Configuration answers name their version, not a ticket's ETag.
    const matrix = commandDoc.paths['/priority-matrices']?.['post'] as Operation;
    expect(answerHeaders(matrix.responses['201'])).toEqual(['Idempotent-Replayed', 'X-Request-Id']);
    // The probes need no token and are never rate-limited.
    const ready = queryDoc.paths['/health/ready']?.['get'] as Operation;
    expect(ready.security).toEqual([]);
    expect(Object.keys(ready.responses).sort()).toEqual(['200', '400', '500', '503']);
  });

  it('documents X-Request-Id on every operation and every answer, and a description, a tag and examples on every command', () => {
    for (const doc of [commandDoc, queryDoc]) {
      for (const { name, op } of operations(doc)) {
        expect({ name, takes: headerParameters(op).includes('X-Request-Id') }).toEqual({ name, takes: true });
        for (const [status, answer] of Object.entries(op.responses)) expect({ name, status, echoes: answerHeaders(answer).includes('X-Request-Id') }).toEqual({ name, status, echoes: true });
      }
    }
    for (const { name, op } of operations(commandDoc)) {
      expect({ name, described: (op.description ?? '').length > 0, tagged: (op.tags ?? []).length > 0 }).toEqual({ name, described: true, tagged: true });
      if (op.requestBody) expect({ name, body: op.requestBody.content['application/json']?.example }).toEqual({ name, body: expect.anything() });
      const success = Object.entries(op.responses).find(([status]) => status.startsWith('2'))?.[1];
      expect({ name, answer: Object.values(success?.content ?? {})[0]?.example }).toEqual({ name, answer: expect.anything() });
    }
  });

  it('documents If-None-Match, 304 and ETag exactly on the reads that answer conditionally (ConditionalGet)', () => {
    const conditional = new Set<string>();
    for (const module of queries.app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        const prototype = (metatype as { prototype: Record<string, unknown> }).prototype;
        for (const method of Object.getOwnPropertyNames(prototype)) {
          const interceptors: unknown[] = Reflect.getMetadata('__interceptors__', prototype[method] as object) ?? [];
          if (interceptors.includes(ConditionalGet)) conditional.add(`${(metatype as { name: string }).name}_${method}`);
        }
      }
    }
    expect(conditional.size).toBeGreaterThan(0);
    const documented = operations(queryDoc).filter(({ op }) => headerParameters(op).includes('If-None-Match'));
    expect(documented.map(({ op }) => op.operationId).sort()).toEqual([...conditional].sort());
    for (const { name, op } of documented) {
      expect({ name, etag: answerHeaders(op.responses['200']).includes('ETag'), notModified: answerHeaders(op.responses['304']) }).toEqual({ name, etag: true, notModified: ['ETag', 'X-Request-Id'] });
    }
    expect(documented.map(({ name }) => name)).toContain('GET /incidents/{id}');
  });

  describe('the problems documented are the ones the command API answers', () => {
    const assignPath = '/incidents/{id}/assign';
    const agent = () => commands.token('alice', 'agent');
    /** The answer's status and code are documented for the operation, and so is every header documented for that status. */
    const expectDocumented = (answer: InjectAnswer, path = assignPath) => {
      const documented = (commandDoc.paths[path]?.['post'] as Operation).responses[String(answer.status)];
      expect({ status: answer.status, code: answer.body?.code, documented: documentedCodes(documented).includes(answer.body?.code) }).toEqual({ status: answer.status, code: answer.body?.code, documented: true });
      for (const header of answerHeaders(documented).filter((name) => name !== 'Idempotent-Replayed')) expect({ header, sent: answer.headers[header.toLowerCase()] !== undefined }).toEqual({ header, sent: true });
    };
    const open = async () => (await commands.request('POST', '/incidents', { token: agent(), body: { title: 'Mail delayed', description: 'Outbox stuck', caller: 'bob', category: 'email', impact: 2, urgency: 2 } })).body.id as string;

    it('refused tokens, bodies and media types', async () => {
      const id = await open();
      expectDocumented(await commands.requestRaw('POST', `/incidents/${id}/assign`, { payload: '{}', headers: { 'content-type': 'application/json' } }));
      expectDocumented(await commands.requestRaw('POST', `/incidents/${id}/assign`, { token: agent(), payload: '{"assignee":', headers: { 'content-type': 'application/json' } }));
      expectDocumented(await commands.requestRaw('POST', `/incidents/${id}/assign`, { token: agent(), payload: 'assignee=alice', headers: { 'content-type': 'text/plain' } }));
      expectDocumented(await commands.requestRaw('POST', `/incidents/${id}/assign`, { token: agent(), payload: JSON.stringify({ assignee: 'x'.repeat(300_000) }), headers: { 'content-type': 'application/json' } }));
      expectDocumented(await commands.request('POST', `/incidents/${id}/assign`, { token: agent(), body: { assignee: 7 } }));
      expectDocumented(await commands.request('POST', `/incidents/${id}/assign`, { token: commands.token('ann', 'auditor'), body: { assignmentGroup: 'network' } }));
      const json = { 'content-type': 'application/json' };
      expectDocumented(await commands.requestRaw('POST', `/incidents/${id}/assign`, { token: agent(), payload: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), headers: json }));
      expectDocumented(await commands.requestRaw('POST', `/incidents/${id}/assign`, { token: agent(), payload: `{"assignee":${'['.repeat(200)}${']'.repeat(200)}}`, headers: json }));
    });

    it('refused paths: not percent-encoded UTF-8, a path parameter longer than the router takes', async () => {
      expectDocumented(await commands.requestRaw('POST', '/incidents/%E0%A4%A/assign', { token: agent(), payload: '{}', headers: { 'content-type': 'application/json' } }));
      expectDocumented(await commands.requestRaw('POST', `/incidents/${'a'.repeat(300)}/assign`, { token: agent(), payload: '{}', headers: { 'content-type': 'application/json' } }));
    });

    it('rules of the incident, its revision and the idempotency key', async () => {
      const id = await open();
      expectDocumented(await commands.request('POST', '/incidents/2b1c6d0e-6a1f-4c3e-9d7b-0f5e8a9c1d24/assign', { token: agent(), body: { assignmentGroup: 'network' } }));
      expectDocumented(await commands.request('POST', `/incidents/${id}/assign`, { token: agent(), body: { assignmentGroup: 'network' }, headers: { 'if-match': '"7"' } }));
      expectDocumented(await commands.request('POST', `/incidents/${id}/assign`, { token: agent(), body: {} }));
      const first = await commands.request('POST', `/incidents/${id}/assign`, { token: agent(), body: { assignmentGroup: 'network' }, headers: { 'idempotency-key': 'assign-1' } });
      const replayed = await commands.request('POST', `/incidents/${id}/assign`, { token: agent(), body: { assignmentGroup: 'network' }, headers: { 'idempotency-key': 'assign-1' } });
      const documented = (commandDoc.paths[assignPath]?.['post'] as Operation).responses[String(first.status)];
      for (const header of answerHeaders(documented)) expect({ header, sent: replayed.headers[header.toLowerCase()] !== undefined }).toEqual({ header, sent: true });
      expectDocumented(await commands.request('POST', `/incidents/${id}/assign`, { token: agent(), body: { assignmentGroup: 'database' }, headers: { 'idempotency-key': 'assign-1' } }));
      expectDocumented(await commands.request('POST', `/incidents/${id}/assign`, { token: agent(), body: { assignmentGroup: 'database' } }));
    });
  });
});
