import type { EventStore } from '@itsm/event-store';
import { openEventStore, openReadStore } from '@itsm/platform';
import { ALL_PROJECTIONS, projectEvents, projectionKey } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { FIXED_NOW, InProcessApp, tempDataDir } from '../../../test/support/in-process-app';
import { CommandApiModule } from '../../command-api/src/command-api.module';
import { QueryApiModule } from './query-api.module';

/** ETags, If-None-Match and consistentWith past the end of the log (RFC 9110; issue 8, item 5). */
describe('Conditional GETs and consistentWith', () => {
  const dataDir = tempDataDir();
  let commands: InProcessApp;
  let queries: InProcessApp;
  let events: EventStore;
  let reads: ReadStore;

  beforeAll(async () => {
    commands = await InProcessApp.start((config) => CommandApiModule.register(config, () => FIXED_NOW), { CONSISTENCY_TIMEOUT_MS: '20' }, dataDir);
    // Long enough that a wait for a position past the log would outlast the test's own timeout.
    queries = await InProcessApp.start((config) => QueryApiModule.register(config), { CONSISTENCY_TIMEOUT_MS: '30000' }, dataDir);
    events = await openEventStore(queries.config);
    reads = await openReadStore(queries.config, 'read-write');
  });
  afterAll(async () => {
    await events.close();
    await reads.close();
    await commands.stop(false);
    await queries.stop();
  });

  /** Every projection over the whole log, as the projector would leave it. */
  const project = async () => {
    const log = await events.readAll();
    const checkpoint = log.at(-1)?.position as string;
    for (const projection of ALL_PROJECTIONS) {
      await reads.ensureCollection(projection.collection);
      const stored = new Map();
      const docs = projectEvents(projection, log, stored);
      await reads.applyBatch(projectionKey(projection), docs.map((document) => ({ collection: projection.collection.name, document })), checkpoint);
    }
  };
  const agent = () => commands.token('ann', 'agent');
  const get = (url: string, headers: Record<string, string> = {}) => queries.request('GET', url, { token: queries.token('audrey', 'auditor'), headers });
  const openIncident = async () => {
    const opened = await commands.request('POST', '/incidents', { token: agent(), body: { title: 'VPN down', description: 'x', caller: 'bob', category: 'network', impact: 2, urgency: 2 } });
    await project();
    return opened.body as { id: string; position: string };
  };

  it('a single record answers with its revision and an ETag; If-None-Match with it gets 304 and no body', async () => {
    const { id } = await openIncident();
    const first = await get(`/incidents/${id}`);
    expect(first.body.revision).toBe(0);
    expect(first.headers.etag).toMatch(/^"0\.[A-Za-z0-9_-]+"$/);
    const again = await get(`/incidents/${id}`, { 'if-none-match': first.headers.etag as string });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    expect((await get(`/incidents/${id}`, { 'if-none-match': `W/${first.headers.etag as string}` })).status).toBe(304);
    expect((await get(`/incidents/${id}`, { 'if-none-match': '"9.other"' })).status).toBe(200);
  });

  it('the ETag changes with the record, and works as If-Match on a command', async () => {
    const { id } = await openIncident();
    const seen = (await get(`/incidents/${id}`)).headers.etag as string;
    const noted = await commands.request('POST', `/incidents/${id}/work-notes`, { token: agent(), body: { text: 'first look' }, headers: { 'if-match': seen } });
    expect(noted.status).toBe(200);
    await project();
    const now = await get(`/incidents/${id}`, { 'if-none-match': seen });
    expect(now.status).toBe(200);
    expect(now.headers.etag).not.toBe(seen);
    const stale = await commands.request('POST', `/incidents/${id}/work-notes`, { token: agent(), body: { text: 'late' }, headers: { 'if-match': seen } });
    expect(stale.status).toBe(412);
  });

  it('a CI answers with an ETag that also changes when what is shown beside it changes (an incident opened on it)', async () => {
    const ci = (await commands.request('POST', '/cis', { token: agent(), body: { name: 'vpn-gw', ciClass: 'server', attributes: {}, ownerGroup: 'net', criticality: 2 } })).body as { id: string };
    await project();
    const before = (await get(`/cis/${ci.id}`)).headers.etag as string;
    await commands.request('POST', '/incidents', { token: agent(), body: { title: 'VPN down', description: 'x', caller: 'bob', category: 'network', impact: 2, urgency: 2, configurationItemId: ci.id } });
    await project();
    const after = await get(`/cis/${ci.id}`, { 'if-none-match': before });
    expect(after.status).toBe(200);
    expect(after.body.revision).toBe(0);
  });

  it('a change and a blackout window answer with an ETag and 304 as well', async () => {
    const carl = commands.token('carl', 'change-manager');
    const ci = (await commands.request('POST', '/cis', { token: agent(), body: { name: 'db-01', ciClass: 'server', attributes: {}, ownerGroup: 'dba', criticality: 3 } })).body as { id: string };
    const window = { start: '2026-04-01T20:00:00Z', end: '2026-04-01T22:00:00Z' };
    const change = (await commands.request('POST', '/changes', { token: agent(), body: { changeType: 'normal', title: 'Patch', justification: 'x', implementationPlan: 'p', backoutPlan: 'b', testPlan: 't', window, affectedCiIds: [ci.id] } })).body as { id: string };
    const blackout = (await commands.request('POST', '/blackout-windows', { token: carl, body: { name: 'Freeze', window, scope: { kind: 'all' }, reason: 'close' } })).body as { id: string };
    await project();
    for (const url of [`/changes/${change.id}`, `/blackout-windows/${blackout.id}`]) {
      const first = await get(url);
      expect(first).toMatchObject({ status: 200, body: { revision: 0 } });
      expect((await get(url, { 'if-none-match': first.headers.etag as string })).status).toBe(304);
    }
    expect((await get('/blackout-windows/00000000-0000-4000-8000-000000000404')).body.code).toBe('blackout_window.not_found');
  });

  it.each(['/incidents', '/queues/unassigned', '/cis/00000000-0000-4000-8000-000000000001/history', '/change-templates'])(
    'refuses at once, 400 naming the parameter, a consistentWith the log has not reached (%s)',
    async (url) => {
      const answer = await get(`${url}?consistentWith=99999999999999999999`);
      expect(answer).toMatchObject({ status: 400, body: { errors: [{ field: 'consistentWith', reason: expect.stringContaining('beyond the end of the log') }] } });
    },
  );

  it('history and templates honour a consistentWith the log has reached', async () => {
    const { position } = await openIncident();
    expect((await get(`/change-templates?consistentWith=${position}`)).status).toBe(200);
    expect((await get(`/cis/00000000-0000-4000-8000-000000000001/history?consistentWith=${position}`)).status).toBe(404);
  });
});
