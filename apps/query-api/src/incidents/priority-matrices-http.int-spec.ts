import { PRIORITY_MATRICES_STREAM } from '@itsm/domain';
import type { EventStore } from '@itsm/event-store';
import { openEventStore } from '@itsm/platform';
import { FIXED_NOW, InProcessApp } from '../../../../test/support/in-process-app';
import { QueryApiModule } from '../query-api.module';

describe('GET /priority-matrices', () => {
  let api: InProcessApp;
  let events: EventStore;

  beforeAll(async () => {
    api = await InProcessApp.start((config) => QueryApiModule.register(config, () => FIXED_NOW));
    events = await openEventStore(api.config);
  });
  afterAll(async () => {
    await events.close();
    await api.stop();
  });

  const get = () => api.request('GET', '/priority-matrices', { token: api.token('alice', 'agent') });
  const defined = (version: string, effectiveFrom: string) => ({
    type: 'PriorityMatrixDefined',
    data: { version, effectiveFrom, rows: [[1, 2, 3], [2, 3, 4], [3, 4, 4]] },
    metadata: { eventId: `e-${version}`, actor: 'mia', occurredAt: FIXED_NOW.toISOString(), commandId: 'c', commandType: 'DefinePriorityMatrix', correlationId: 'c', causationId: 'c', schemaVersion: 1, prevHash: null, hash: 'h' },
  });

  it('lists the out-of-the-box matrix alone, in force, before any version', async () => {
    expect((await get()).body).toEqual({
      inForce: { version: 'itil-default-2024.1', effectiveFrom: null, rows: [[1, 2, 3], [2, 3, 4], [3, 4, 5]] },
      versions: [{ version: 'itil-default-2024.1', effectiveFrom: null, rows: [[1, 2, 3], [2, 3, 4], [3, 4, 5]] }],
      imported: [],
    });
  });

  it('lists every version in the order they take effect, and the one in force now', async () => {
    const past = new Date(FIXED_NOW.getTime() - 1000).toISOString();
    const future = new Date(FIXED_NOW.getTime() + 1000).toISOString();
    await events.append(PRIORITY_MATRICES_STREAM, [defined('acme-2026.1', past) as never, defined('acme-2026.2', future) as never], 'any');
    const answer = (await get()).body;
    expect(answer.versions.map((version: { version: string }) => version.version)).toEqual(['itil-default-2024.1', 'acme-2026.1', 'acme-2026.2']);
    expect(answer.inForce).toEqual({ version: 'acme-2026.1', effectiveFrom: past, rows: [[1, 2, 3], [2, 3, 4], [3, 4, 4]] });
  });

  it("lists another tool's matrix an import recorded, never in force", async () => {
    const source = { system: 'servicenow', instance: 'acme', file: 'export.csv' };
    const matrix = { version: 'servicenow-acme', rows: [[1, 2, null], [2, 3, 4], [3, 4, 4]], source, observed: [[144, 130, 0], [105, 5040, 91], [6, 81, 401]] };
    const imported = { ...defined('x', FIXED_NOW.toISOString()), type: 'PriorityMatrixImported', data: matrix, metadata: { ...defined('x', FIXED_NOW.toISOString()).metadata, eventId: 'e-imported' } };
    const before = (await get()).body.inForce;
    await events.append(PRIORITY_MATRICES_STREAM, [imported as never], 'any');
    const answer = (await get()).body;
    expect(answer.imported).toEqual([matrix]);
    expect(answer.inForce).toEqual(before);
  });
});
