import { http, Platform } from './support/platform-processes';
import { BOTH_STORES, until, type PlatformStores } from './support/platform-stores';

/**
 * Service levels across the three apps as real processes: an opening records its SLA terms, the
 * projector's deadline watcher records the at-risk mark as a fact of the incident, and the query API
 * shows it on the board, in the timeline and in the history. Once on the embedded default and once
 * on EventStoreDB + MongoDB (the wire-level doubles, or real servers when the URLs are set).
 */
jest.setTimeout(90_000);

describe.each(BOTH_STORES('itsm_sla_e2e'))('SLA deadlines across the three apps (%s)', (_name, storesFor) => {
  let stores: PlatformStores;
  let platform: Platform;
  beforeAll(async () => {
    stores = await storesFor();
    platform = await Platform.start({ ...stores.env, SLA_WATCH_INTERVAL_MS: '200' });
  });
  afterAll(async () => {
    await platform?.stop();
    await stores?.stop();
  });

  it('records SlaStarted with the opening, then SlaAtRisk from the watcher, shown on the board, the timeline and the history', async () => {
    const manager = platform.token('mia', 'manager');
    const agent = platform.token('ann', 'agent');
    const command = (path: string, body: unknown, token = agent) => http<Record<string, unknown>>('POST', `${platform.url('command-api')}${path}`, { token, body });
    const query = <T>(path: string) => http<T>('GET', `${platform.url('query-api')}${path}`, { token: agent });
    // The response is at risk after 1 % of its one minute (0.6 s); the resolution's mark is minutes away.
    const policy = await command('/sla-policies', { name: 'desk', effectiveFrom: new Date().toISOString(), atRiskPercent: 1, targets: [{ priority: 3, response: { minutes: 1 }, resolution: { minutes: 480 } }], pausingHoldReasons: [], onReopen: 'resume' }, manager);
    expect(policy.status).toBe(201);
    const opened = await command('/incidents', { title: 'VPN down', description: 'x', caller: 'bob', category: 'network', impact: 2, urgency: 2, assignmentGroup: 'network' });
    expect(opened.status).toBe(201);
    const id = opened.body['id'] as string;

    const timeline = await until(async () => {
      const sla = (await query<{ steps: { kind: string; metric: string; causedBy: { type: string } | null }[] }>(`/incidents/${id}/sla`)).body;
      return sla.steps.some((step) => step.kind === 'at_risk') ? sla : null;
    }, 60_000);
    expect(timeline.steps.map(({ metric, kind, causedBy }) => [metric, kind, causedBy?.type ?? null])).toEqual([
      ['response', 'started', 'SlaStarted'],
      ['resolution', 'started', 'SlaStarted'],
      ['response', 'at_risk', 'SlaAtRisk'],
    ]);
    const board = await until(async () => {
      const page = (await query<{ items: { incidentId: string; metric: string; state: string }[] }>('/sla/breaches?state=at_risk')).body;
      return page.items.length > 0 ? page : null;
    }, 10_000);
    expect(board.items.map(({ incidentId, metric, state }) => [incidentId, metric, state])).toEqual([[id, 'response', 'at_risk']]);
    const history = (await query<{ items: { type: string; actor: string; changes: { field: string; to: unknown }[] }[] }>(`/incidents/${id}/history`)).body;
    expect(history.items.slice(1).map(({ type, actor, changes }) => [type, actor, changes])).toEqual([
      ['SlaStarted', 'ann', [{ field: 'sla.policy', from: null, to: 'desk@1' }]],
      ['SlaAtRisk', 'system:sla-deadline-watcher', [{ field: 'sla.response', from: null, to: 'at_risk' }]],
    ]);
  });
});
