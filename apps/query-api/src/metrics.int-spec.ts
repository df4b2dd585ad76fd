import { CommandAndQueryApps } from '../../../test/support/command-and-query-apps';
import { INCIDENT_DETAIL_KEY, incidentDetailProjection, type AnyProjection } from '@itsm/projections';

const INCIDENT = { title: 'VPN drops', description: 'Every hour', caller: 'gus', category: 'network', impact: 2, urgency: 2 };

/** One series' value from a Prometheus exposition, by name and labels (every label named must match). */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key, value]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

/** Issue 14: GET /metrics in Prometheus format on every app. */
describe('Metrics', () => {
  let apps: CommandAndQueryApps;
  beforeAll(async () => (apps = await CommandAndQueryApps.start([incidentDetailProjection] as unknown as readonly AnyProjection[])));
  afterAll(() => apps.stop());
  const scrape = async (app: 'commands' | 'queries') => {
    const answer = await apps[app].requestRaw('GET', '/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toContain('text/plain; version=0.0.4');
    return answer.body as string;
  };

  it('counts requests by route pattern and status, with their latency', async () => {
    const token = apps.queries.token('val', 'agent');
    const before = valueOf(await scrape('queries'), 'http_requests_total', { route: '/incidents/:id', status: '404' }) ?? 0;
    await apps.queries.request('GET', '/incidents/00000000-0000-4000-8000-000000000001', { token });
    await apps.queries.request('GET', '/incidents/00000000-0000-4000-8000-000000000002', { token });
    const text = await scrape('queries');
    expect(valueOf(text, 'http_requests_total', { method: 'GET', route: '/incidents/:id', status: '404' })).toBe(before + 2);
    expect(valueOf(text, 'http_request_duration_seconds_count', { route: '/incidents/:id', status: '404' })).toBe(before + 2);
    expect(text).not.toContain('00000000-0000-4000-8000-000000000001');
    expect(text).toMatch(/^process_cpu_seconds_total\{app="test"\} /m);
  });

  it('counts commands by outcome (a stale If-Match is a conflict) and appends', async () => {
    const post = (url: string, body: object, headers: Record<string, string> = {}) => apps.commands.request('POST', url, { token: apps.commands.token('ann', 'agent'), body, headers });
    const opened = await post('/incidents', INCIDENT);
    await post(`/incidents/${opened.body.id}/work-notes`, { text: 'looking' }, { 'if-match': '"7"' });
    await post(`/incidents/${opened.body.id}/resolve`, { resolutionCode: 'no_such_code', resolutionNotes: 'x' });
    await post(`/incidents/${opened.body.id}/cancel`, { reason: 'duplicate' });
    await post(`/incidents/${opened.body.id}/cancel`, { reason: 'duplicate' });
    const text = await scrape('commands');
    expect(valueOf(text, 'commands_total', { command: 'OpenIncident', outcome: 'recorded' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(text, 'commands_total', { command: 'AddWorkNote', outcome: 'conflict' })).toBe(1);
    expect(valueOf(text, 'commands_total', { command: 'CancelIncident', outcome: 'refused' })).toBe(1);
    expect(valueOf(text, 'event_store_append_batch_size_count')).toBeGreaterThanOrEqual(2);
    expect(valueOf(text, 'event_store_append_duration_seconds_count')).toBeGreaterThanOrEqual(2);
  });

  it('shows how far each projection trails the log, in events and seconds, and whether the stores are up', async () => {
    await apps.commands.request('POST', '/incidents', { token: apps.commands.token('ann', 'agent'), body: INCIDENT });
    const behind = await scrape('queries');
    expect(valueOf(behind, 'projection_lag_events', { projection: INCIDENT_DETAIL_KEY })).toBeGreaterThanOrEqual(1);
    expect(valueOf(behind, 'projection_lag_seconds', { projection: INCIDENT_DETAIL_KEY })).toBeGreaterThanOrEqual(0);
    expect(valueOf(behind, 'dependency_up', { check: 'readStore' })).toBe(1);
    await apps.project();
    expect(valueOf(await scrape('queries'), 'projection_lag_events', { projection: INCIDENT_DETAIL_KEY })).toBe(0);
  });

  it('counts consistentWith waits, reached or timed out', async () => {
    const opened = await apps.commands.request('POST', '/incidents', { token: apps.commands.token('ann', 'agent'), body: INCIDENT });
    const token = apps.queries.token('val', 'agent');
    const timedOut = await apps.queries.request('GET', `/incidents/${opened.body.id}?consistentWith=${opened.body.position}`, { token });
    expect(timedOut.status).toBe(503);
    await apps.project();
    expect((await apps.queries.request('GET', `/incidents/${opened.body.id}?consistentWith=${opened.body.position}`, { token })).status).toBe(200);
    const text = await scrape('queries');
    expect(valueOf(text, 'consistency_waits_total', { outcome: 'timeout' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(text, 'consistency_waits_total', { outcome: 'reached' })).toBeGreaterThanOrEqual(1);
  });
});
