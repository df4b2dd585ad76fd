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
  return success?.[1].content?.['application/json']?.schema;
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
    expect(ops.map(({ name }) => name).sort()).toEqual(
      ['', '/{id}/assign', '/{id}/cancel', '/{id}/close', '/{id}/comments', '/{id}/hold', '/{id}/reassign', '/{id}/reclassify', '/{id}/reopen', '/{id}/resolve', '/{id}/resume', '/{id}/work-notes']
        .map((suffix) => `POST /incidents${suffix}`)
        .sort(),
    );
    for (const { name, op } of ops) {
      const bodyless = name.endsWith('/resume') || name.endsWith('/close');
      expect({ name, hasBody: op.requestBody !== undefined }).toEqual({ name, hasBody: !bodyless });
      expect({ name, answer: successSchema(op) }).toEqual({ name, answer: { $ref: '#/components/schemas/CommandAcceptedDto' } });
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
      ['GET /health', 'GET /incidents', 'GET /incidents/{id}', 'GET /queues/assignee/{assignee}', 'GET /queues/unassigned', 'GET /queues/{group}'].sort(),
    );
    for (const { name, op } of ops) expect({ name, documented: successSchema(op) !== undefined }).toEqual({ name, documented: true });
    expect(Object.keys(queryDoc.components.schemas['IncidentDetailDto']?.properties ?? {})).toEqual(
      expect.arrayContaining(['openedBy', 'openedAt', 'updatedBy', 'updatedAt', 'priority', 'status', 'revision']),
    );
  });
});
