import { CommandApiModule } from '../apps/command-api/src/command-api.module';
import { QueryApiModule } from '../apps/query-api/src/query-api.module';
import { InProcessApp } from './support/in-process-app';

type Operation = {
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  security?: unknown[];
};
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };

const operations = (doc: OpenApi) =>
  Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })));

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
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409', '422']));
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
});
