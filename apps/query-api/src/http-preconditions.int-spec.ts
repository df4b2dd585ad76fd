import { ALL_PROJECTIONS } from '@itsm/projections';
import { CommandAndQueryApps } from '../../../test/support/command-and-query-apps';

/** ETags, If-None-Match and consistentWith past the end of the log (RFC 9110; issue 8, item 5). */
describe('Conditional GETs and consistentWith', () => {
  let apps: CommandAndQueryApps;
  beforeAll(async () => {
    // Long enough that a wait for a position past the log would outlast the test's own timeout.
    apps = await CommandAndQueryApps.start(ALL_PROJECTIONS, 30_000);
  });
  afterAll(() => apps.stop());

  const project = () => apps.project();
  const agent = () => apps.commands.token('ann', 'agent');
  const get = (url: string, headers: Record<string, string> = {}) => apps.queries.request('GET', url, { token: apps.queries.token('audrey', 'auditor'), headers });
  const openIncident = async () => {
    const opened = await apps.commands.request('POST', '/incidents', { token: agent(), body: { title: 'VPN down', description: 'x', caller: 'bob', category: 'network', impact: 2, urgency: 2 } });
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
    const noted = await apps.commands.request('POST', `/incidents/${id}/work-notes`, { token: agent(), body: { text: 'first look' }, headers: { 'if-match': seen } });
    expect(noted.status).toBe(200);
    await project();
    const now = await get(`/incidents/${id}`, { 'if-none-match': seen });
    expect(now.status).toBe(200);
    expect(now.headers.etag).not.toBe(seen);
    const stale = await apps.commands.request('POST', `/incidents/${id}/work-notes`, { token: agent(), body: { text: 'late' }, headers: { 'if-match': seen } });
    expect(stale.status).toBe(412);
  });

  it('a CI answers with an ETag that also changes when what is shown beside it changes (an incident opened on it)', async () => {
    const ci = (await apps.commands.request('POST', '/cis', { token: agent(), body: { name: 'vpn-gw', ciClass: 'server', attributes: {}, ownerGroup: 'net', criticality: 2 } })).body as { id: string };
    await project();
    const before = (await get(`/cis/${ci.id}`)).headers.etag as string;
    await apps.commands.request('POST', '/incidents', { token: agent(), body: { title: 'VPN down', description: 'x', caller: 'bob', category: 'network', impact: 2, urgency: 2, configurationItemId: ci.id } });
    await project();
    const after = await get(`/cis/${ci.id}`, { 'if-none-match': before });
    expect(after.status).toBe(200);
    expect(after.body.revision).toBe(0);
  });

  it('a change and a blackout window answer with an ETag and 304 as well', async () => {
    const carl = apps.commands.token('carl', 'change-manager');
    const ci = (await apps.commands.request('POST', '/cis', { token: agent(), body: { name: 'db-01', ciClass: 'server', attributes: {}, ownerGroup: 'dba', criticality: 3 } })).body as { id: string };
    const window = { start: '2026-04-01T20:00:00Z', end: '2026-04-01T22:00:00Z' };
    const change = (await apps.commands.request('POST', '/changes', { token: agent(), body: { changeType: 'normal', title: 'Patch', justification: 'x', implementationPlan: 'p', backoutPlan: 'b', testPlan: 't', window, affectedCiIds: [ci.id] } })).body as { id: string };
    const blackout = (await apps.commands.request('POST', '/blackout-windows', { token: carl, body: { name: 'Freeze', window, scope: { kind: 'all' }, reason: 'close' } })).body as { id: string };
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
