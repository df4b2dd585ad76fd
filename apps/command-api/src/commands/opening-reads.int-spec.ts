import type { EventStore } from '@itsm/event-store';
import { EVENT_STORE } from '@itsm/platform';
import { FIXED_NOW, InProcessApp } from '../../../../test/support/in-process-app';
import { CommandApiModule } from '../command-api.module';

const WINDOW = { start: '2026-03-02T20:00:00.000Z', end: '2026-03-03T02:00:00.000Z' };
const PLANS = { implementationPlan: 'Roll', backoutPlan: 'Roll back', testPlan: 'Smoke' };

/**
 * A record opened under an id made for the request has no stream yet: the command API appends it
 * with `no_stream` without reading it first (issue 15). With an Idempotency-Key its id is derived, a
 * retry lands on the same stream, and the stream is read as for any command.
 */
describe('Opening a record reads no stream that cannot exist yet', () => {
  let api: InProcessApp;
  let reads: jest.SpyInstance;
  let ciId: string;
  beforeAll(async () => {
    api = await InProcessApp.start((config) => CommandApiModule.register(config, () => FIXED_NOW));
    const store = api.app.get<EventStore>(EVENT_STORE);
    reads = jest.spyOn(store, 'readStream');
    ciId = (await post('/cis', { name: 'db-node-1', ciClass: 'server', attributes: {}, ownerGroup: 'dba', criticality: 3 })).body.id;
  });
  afterAll(() => api.stop());
  beforeEach(() => reads.mockClear());

  const post = (url: string, body: object, headers: Record<string, string> = {}) => api.request('POST', url, { token: api.token('rita', 'agent', 'change-manager'), body, headers });
  const streamsRead = () => reads.mock.calls.map(([stream]) => stream as string);

  const OPENINGS: readonly [string, string, () => object][] = [
    ['/incidents', 'incident', () => ({ title: 'Mail is slow', description: 'An hour', caller: 'dave', category: 'email', impact: 2, urgency: 2 })],
    ['/problems', 'problem', () => ({ title: 'Spool fills', description: 'Every Monday', category: 'email', impact: 2, urgency: 1, assignmentGroup: 'messaging' })],
    ['/changes', 'change', () => ({ changeType: 'normal', title: 'Patch', justification: 'CVE', ...PLANS, window: WINDOW, affectedCiIds: [ciId] })],
    ['/blackout-windows', 'blackout-window', () => ({ name: 'Freeze', window: WINDOW, scope: { kind: 'all' }, reason: 'Quarter end' })],
    ['/cis', 'ci', () => ({ name: `node-${Math.random()}`, ciClass: 'server', attributes: {}, ownerGroup: 'dba', criticality: 3 })],
  ];

  it.each(OPENINGS)('POST %s appends its new %s stream without reading it', async (url, prefix, body) => {
    const opened = await post(url, body());
    expect(opened.status).toBe(201);
    expect(streamsRead()).not.toContain(`${prefix}-${opened.body.id}`);
  });

  it.each(OPENINGS)('POST %s with an Idempotency-Key reads its %s stream, which a retry may have written', async (url, prefix, body) => {
    const opened = await post(url, body(), { 'idempotency-key': `key-${url}` });
    expect(opened.status).toBe(201);
    expect(streamsRead()).toContain(`${prefix}-${opened.body.id}`);
  });
});
