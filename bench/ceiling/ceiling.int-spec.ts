import { InProcessApp } from '../../test/support/in-process-app';
import { CommandApiModule } from '../../apps/command-api/src/command-api.module';
import { QueueItemDto } from '../../apps/query-api/src/queues/queue-views.dto';
import { CeilingModule } from './ceiling.module';

/** Where @nestjs/swagger lists a DTO's @ApiProperty names (each as `:name`). */
const SWAGGER_PROPERTIES = 'swagger/apiModelPropertiesArray';

const incident = { title: 'Mail is slow', description: 'Since 08:00', caller: 'bob', category: 'email', impact: 2, urgency: 2, assignmentGroup: 'service-desk' };

/** The ceiling is worth comparing with only while it does the stack's work: the same refusals and answers of the same shape. */
describe('The no-op ceiling (bench only)', () => {
  let ceiling: InProcessApp;
  let commandApi: InProcessApp;
  let agent: string;

  beforeAll(async () => {
    [ceiling, commandApi] = await Promise.all([InProcessApp.start((config) => CeilingModule.register(config)), InProcessApp.start((config) => CommandApiModule.register(config))]);
    agent = ceiling.token('alice', 'agent');
  });
  afterAll(async () => {
    await Promise.all([ceiling.stop(), commandApi.stop()]);
  });

  const both = (request: (app: InProcessApp) => ReturnType<InProcessApp['request']>) => Promise.all([request(ceiling), request(commandApi)]);

  it('answers POST /incidents 201 with a body of the command API\'s shape and an ETag', async () => {
    const [noOp, real] = await both((app) => app.request('POST', '/incidents', { token: agent, body: incident }));
    expect(noOp.status).toBe(201);
    expect(real.status).toBe(201);
    expect(Object.keys(noOp.body).sort()).toEqual(Object.keys(real.body).sort());
    expect(noOp.headers['etag']).toMatch(/^"\d+"$/);
  });

  it.each([
    ['a field missing', { ...incident, title: undefined }],
    ['a level out of range', { ...incident, impact: 7 }],
    ['a field the DTO does not declare', { ...incident, colour: 'red' }],
    ['a title over 160 characters', { ...incident, title: 'x'.repeat(161) }],
  ])('refuses %s exactly as the command API does (its OpenIncidentDto, validated by the same pipe)', async (_, body) => {
    const [noOp, real] = await both((app) => app.request('POST', '/incidents', { token: agent, body }));
    expect(noOp.status).toBe(400);
    expect(noOp.body).toEqual({ ...real.body, instance: noOp.body.instance });
  });

  it('refuses a request without a token, or with a role the permission table does not allow, as the apps do', async () => {
    const [anonymous, realAnonymous] = await both((app) => app.request('POST', '/incidents', { body: incident }));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe(realAnonymous.body.code);
    const [auditor] = await both((app) => app.request('POST', '/incidents', { token: ceiling.token('eve', 'auditor'), body: incident }));
    expect(auditor.status).toBe(403);
  });

  it('answers GET /queues/:group with a page of the limit asked, each item with exactly the fields of QueueItemDto', async () => {
    const declared = (Reflect.getMetadata(SWAGGER_PROPERTIES, QueueItemDto.prototype) as string[]).map((name) => name.slice(1)).sort();
    const page = await ceiling.request('GET', '/queues/network?limit=50', { token: agent });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(50);
    for (const item of page.body.items) expect(Object.keys(item).sort()).toEqual(declared);
    expect(typeof page.body.nextCursor).toBe('string');
    expect((await ceiling.request('GET', '/queues/network', { token: agent })).body.items).toHaveLength(50);
  });

  it('refuses a bad query as the query API does, naming the field', async () => {
    const answer = await ceiling.request('GET', '/queues/network?limit=0', { token: agent });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('limit');
  });
});
