import { PRIORITY_MATRICES_STREAM } from '@itsm/domain';
import type { EventStore } from '@itsm/event-store';
import { openEventStore } from '@itsm/platform';
import { FIXED_NOW, InProcessApp } from '../../../../test/support/in-process-app';
import { CommandApiModule } from '../command-api.module';

const LOW_LOW_IS_4 = [
  [1, 2, 3],
  [2, 3, 4],
  [3, 4, 4],
];
const lowLow = { title: 'Printer toner low', description: 'Floor 2 printer', caller: 'carol', category: 'hardware', impact: 3, urgency: 3 };

/** The priority matrix as configuration: versions defined over HTTP, each pricing incidents from its instant on. */
describe('Priority matrix versions over HTTP (fixed clock)', () => {
  let api: InProcessApp;
  let events: EventStore;
  let now = FIXED_NOW;

  beforeAll(async () => {
    api = await InProcessApp.start((config) => CommandApiModule.register(config, () => now));
    events = await openEventStore(api.config);
  });
  afterAll(async () => {
    await events.close();
    await api.stop();
  });

  const define = (body: object, role: 'manager' | 'admin' | 'agent' = 'manager') => api.request('POST', '/priority-matrices', { token: api.token('mia', role), body });
  const open = () => api.request('POST', '/incidents', { token: api.token('alice', 'agent'), body: lowLow });
  const opened = async (id: string) => (await events.readStream(`incident-${id}`))[0]?.data;

  it('prices by the out-of-the-box matrix until a version takes effect, then by that version, recording which', async () => {
    const before = await open();
    expect(await opened(before.body.id)).toMatchObject({ priority: 5, priorityMatrixVersion: 'itil-default-2024.1' });
    const later = new Date(FIXED_NOW.getTime() + 60_000).toISOString();
    expect(await define({ version: 'acme-2026.1', effectiveFrom: later, rows: LOW_LOW_IS_4 })).toMatchObject({ status: 201, body: { id: 'acme-2026.1', revision: 0 } });
    expect(await opened((await open()).body.id)).toMatchObject({ priority: 5, priorityMatrixVersion: 'itil-default-2024.1' });
    now = new Date(FIXED_NOW.getTime() + 60_000);
    expect(await opened((await open()).body.id)).toMatchObject({ priority: 4, priorityMatrixVersion: 'acme-2026.1' });
    const [defined] = await events.readStream(PRIORITY_MATRICES_STREAM);
    expect(defined).toMatchObject({ type: 'PriorityMatrixDefined', metadata: { actor: 'mia' }, data: { version: 'acme-2026.1', effectiveFrom: later, rows: LOW_LOW_IS_4 } });
  });

  it('refuses a version taking effect before now, an existing or out-of-order one, and rows that are not a matrix, appending nothing', async () => {
    const head = await events.headPosition();
    const soon = new Date(now.getTime() + 3_600_000).toISOString();
    expect(await define({ version: 'acme-2025', effectiveFrom: '2020-01-01T00:00:00Z', rows: LOW_LOW_IS_4 })).toMatchObject({ status: 422, body: { code: 'priority_matrix.retroactive' } });
    expect(await define({ version: 'acme-2026.1', effectiveFrom: soon, rows: LOW_LOW_IS_4 })).toMatchObject({ status: 409, body: { code: 'priority_matrix.version_exists' } });
    for (const rows of [[[1, 2, 3], [2, 3, 4], [3, 4, 9]], [['1', 2, 3], [2, 3, 4], [3, 4, 5]], [[1.5, 2, 3], [2, 3, 4], [3, 4, 5]], [[1, 2, 3, 4], [2, 3, 4], [3, 4, 5]], [[1, 2, 3], [2, 3, 4], [3, 4, [5]]], null]) {
      expect({ rows, answer: await define({ version: 'acme-2026.2', effectiveFrom: soon, rows }) }).toMatchObject({ rows, answer: { status: 400, body: { errors: [expect.objectContaining({ field: 'rows' })] } } });
    }
    expect(await define({ version: 'acme-2026.2', effectiveFrom: 'tomorrow', rows: LOW_LOW_IS_4 })).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'effectiveFrom' })] } });
    expect(await define({ effectiveFrom: soon, rows: LOW_LOW_IS_4 })).toMatchObject({ status: 400 });
    expect(await events.headPosition()).toBe(head);
  });

  it('is for managers and admins: an agent gets 403', async () => {
    const soon = new Date(now.getTime() + 7_200_000).toISOString();
    expect((await define({ version: 'acme-2026.3', effectiveFrom: soon, rows: LOW_LOW_IS_4 }, 'agent')).status).toBe(403);
    expect((await define({ version: 'acme-2026.3', effectiveFrom: soon, rows: LOW_LOW_IS_4 }, 'admin')).status).toBe(201);
  });
});
