import type { EventStore } from '@itsm/event-store';
import { openEventStore, openReadStore } from '@itsm/platform';
import { ProjectionRunner, projectionKey, waitForPosition } from '@itsm/projections';
import { CMDB_PROJECTIONS } from '../../../../libs/projections/src/cmdb-projections';
import type { ReadStore } from '@itsm/read-store';
import { FIXED_NOW, InProcessApp, tempDataDir } from '../../../../test/support/in-process-app';
import { QueryApiModule } from '../../../query-api/src/query-api.module';
import { CommandApiModule } from '../command-api.module';

/** Both apps in this process on one data directory; the CMDB projections run on demand between steps. */
describe('CMDB over HTTP: commands, projections and queries', () => {
  let commands: InProcessApp;
  let queries: InProcessApp;
  let events: EventStore;
  let reads: ReadStore;
  let agent: string;
  let now = FIXED_NOW;
  const clock = () => now;
  const later = (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000));

  beforeAll(async () => {
    const dataDir = tempDataDir();
    queries = await InProcessApp.start((config) => QueryApiModule.register(config, clock), {}, dataDir);
    commands = await InProcessApp.start((config) => CommandApiModule.register(config, clock), {}, dataDir);
    events = await openEventStore(commands.config);
    reads = await openReadStore(commands.config, 'read-write');
    agent = commands.token('alice', 'agent');
  });
  afterAll(async () => {
    await events.close();
    await reads.close();
    await commands.stop(false);
    await queries.stop();
  });

  async function project(): Promise<void> {
    const head = await events.headPosition();
    const runners = CMDB_PROJECTIONS.map((projection) => new ProjectionRunner(events, reads, projection));
    runners.forEach((runner) => runner.start());
    try {
      if (head) expect(await waitForPosition(reads, CMDB_PROJECTIONS.map(projectionKey), head, { timeoutMs: 5000, pollMs: 5 })).toBe(true);
    } finally {
      await Promise.all(runners.map((runner) => runner.stop()));
    }
  }

  const register = (name: string, ciClass: string, headers: Record<string, string> = {}) =>
    commands.request('POST', '/cis', { token: agent, body: { name, ciClass, attributes: { env: 'prod' }, ownerGroup: 'infra', criticality: 2 }, headers });
  const act = (id: string, action: string, body: object, token = agent) => commands.request('POST', `/cis/${id}/${action}`, { token, body });
  const get = (url: string) => queries.request('GET', url, { token: queries.token('audrey', 'auditor') });
  const idOf = async (name: string, ciClass: string): Promise<string> => {
    const answer = await register(name, ciClass);
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };

  it('registers a CI; a retry with the same Idempotency-Key answers the same and appends nothing', async () => {
    const first = await register('mail-01', 'server', { 'Idempotency-Key': 'mail-01' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), revision: 0, position: await events.headPosition() });
    const headBefore = await events.headPosition();
    const retry = await register('mail-01', 'server', { 'Idempotency-Key': 'mail-01' });
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await events.headPosition()).toBe(headBefore);
    expect((await events.readStream('ci-name-mail-01')).map((e) => e.type)).toEqual(['CiNameReserved']);
  });

  it('keeps names unique across CIs, ignoring case and spacing: 409 ci.name_taken', async () => {
    await idOf('Billing DB', 'database');
    const taken = await register('billing   db', 'database');
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'ci.name_taken' });
  });

  it('refuses malformed requests with 400 and writes by auditors with 403', async () => {
    const bad = await commands.request('POST', '/cis', { token: agent, body: { name: '', ciClass: 'server', attributes: {}, ownerGroup: 'x', criticality: 9, extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['name', 'criticality']));
    const auditor = commands.token('audrey', 'auditor');
    expect((await commands.request('POST', '/cis', { token: auditor, body: {} })).status).toBe(403);
    const id = await idOf('auditor-target', 'server');
    expect((await act(id, 'retire', { reason: 'x' }, auditor)).status).toBe(403);
    expect((await get('/cmdb/as-of?at=not-a-time')).status).toBe(400);
  });

  it('shows relationships in both directions, analyses impact through a cycle, and answers as of a time', async () => {
    const service = await idOf('Shop', 'service');
    const app = await idOf('shop-app', 'application');
    const server = await idOf('shop-srv', 'server');
    const db = await idOf('shop-db', 'database');
    await project();
    later(10);
    const beforeRelating = now.toISOString();
    later(10);
    expect((await act(service, 'relationships', { type: 'contains', targetCiId: app })).status).toBe(200);
    expect((await act(app, 'relationships', { type: 'runs_on', targetCiId: server })).status).toBe(200);
    expect((await act(server, 'relationships', { type: 'depends_on', targetCiId: db })).status).toBe(200);
    expect((await act(db, 'relationships', { type: 'depends_on', targetCiId: app })).status).toBe(200);
    const unknown = await act(app, 'relationships', { type: 'depends_on', targetCiId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown).toMatchObject({ status: 422, body: { code: 'ci.target_not_found' } });
    await project();

    const appPage = await get(`/cis/${app}`);
    expect(appPage.status).toBe(200);
    expect(appPage.body.relationships).toEqual(expect.arrayContaining([
      { type: 'runs_on', direction: 'outgoing', label: 'Runs on', otherCiId: server },
      { type: 'contains', direction: 'incoming', label: 'Member of', otherCiId: service },
      { type: 'depends_on', direction: 'incoming', label: 'Used by', otherCiId: db },
    ]));
    expect(appPage.body).toMatchObject({ openIncidents: [], openChanges: [] });

    const impact = await get(`/cis/${db}/impact`);
    expect(impact.body.impacted.map((ci: { ciId: string; depth: number }) => [ci.ciId, ci.depth])).toEqual([[server, 1], [app, 2], [service, 3]]);
    expect(impact.body.services.map((ci: { ciId: string }) => ci.ciId)).toEqual([service]);

    later(10);
    const related = now.toISOString();
    later(10);
    expect((await act(app, 'relationships/remove', { type: 'runs_on', targetCiId: server })).status).toBe(200);
    await project();
    const asOf = async (at: string) => (await get(`/cmdb/as-of?at=${at}&ci=${app}`)).body.relationships;
    expect(await asOf(beforeRelating)).toEqual([]);
    expect(await asOf(related)).toHaveLength(3);
    expect(await asOf(now.toISOString())).toHaveLength(2);

    const history = await get(`/cis/${app}/history`);
    // Its own facts, and the relationships the service and the database recorded to it, marked inbound.
    expect(history.body.items.map((e: { type: string; direction: string }) => [e.type, e.direction])).toEqual([
      ['ConfigurationItemRegistered', 'own'], ['ConfigurationItemRelationshipAdded', 'inbound'], ['ConfigurationItemRelationshipAdded', 'own'],
      ['ConfigurationItemRelationshipAdded', 'inbound'], ['ConfigurationItemRelationshipRemoved', 'own'],
    ]);
    expect(history.body.items[1].changes).toEqual([{ field: 'relationships', from: null, to: { direction: 'inbound', type: expect.any(String), ciId: expect.any(String) } }]);
    expect(history.body.items[0]).toMatchObject({ actor: 'alice', revision: 0, direction: 'own' });
    const list = await get('/cis?class=server&limit=50');
    expect(list.body.items.map((ci: { name: string }) => ci.name)).toEqual(expect.arrayContaining(['shop-srv', 'mail-01']));
  });

  it('frees a name on rename and retirement; refuses a retired target and a stale If-Match', async () => {
    const ci = await idOf('old-name', 'server');
    expect((await act(ci, 'rename', { name: 'new-name' })).status).toBe(200);
    expect((await register('old-name', 'server')).status).toBe(201);
    const stale = await commands.request('POST', `/cis/${ci}/owner-group`, { token: agent, body: { ownerGroup: 'dba' }, headers: { 'If-Match': '"0"' } });
    expect(stale.status).toBe(412);
    expect((await act(ci, 'retire', { reason: 'decommissioned' })).status).toBe(200);
    expect((await register('new-name', 'server')).status).toBe(201);
    const source = await idOf('source', 'application');
    await project();
    const toRetired = await act(source, 'relationships', { type: 'runs_on', targetCiId: ci });
    expect(toRetired).toMatchObject({ status: 409, body: { code: 'ci.target_retired' } });
  });

  it('shows the open incidents raised against a CI on its page', async () => {
    const ci = await idOf('crm-app', 'application');
    const incident = await commands.request('POST', '/incidents', {
      token: agent,
      body: { title: 'CRM down', description: 'No logins', caller: 'carol', category: 'application', impact: 1, urgency: 1, configurationItemId: ci },
    });
    expect(incident.status).toBe(201);
    await project();
    const page = await get(`/cis/${ci}`);
    expect(page.body.openIncidents).toEqual([{ id: incident.body.id, number: incident.body.number, title: 'CRM down', openedAt: now.toISOString() }]);
    expect((await get('/cis/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('refuses an incident on a CI the log does not know, or a retired one, naming the field (422), and records nothing', async () => {
    const incident = (configurationItemId: string) =>
      commands.request('POST', '/incidents', { token: agent, body: { title: 'Down', description: 'x', caller: 'carol', category: 'application', impact: 1, urgency: 1, configurationItemId } });
    const head = await events.headPosition();
    const ghost = await incident('ghost-ci');
    expect(ghost).toMatchObject({ status: 422, body: { code: 'incident.ci_unknown', errors: [{ field: 'configurationItemId', reason: expect.stringContaining('ghost-ci') }] } });
    const old = await idOf('old-crm', 'application');
    await act(old, 'retire', { reason: 'replaced' });
    expect(await incident(old)).toMatchObject({ status: 422, body: { code: 'incident.ci_retired' } });
    expect(await events.headPosition()).not.toBe(head);
    expect((await events.readAll({ after: head })).filter((event) => event.stream.startsWith('incident-'))).toEqual([]);
  });
});
