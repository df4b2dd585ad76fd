import { randomUUID } from 'node:crypto';
import { PROJECTION_CONTROL_SCHEMA_VERSION, projectionControlDecider, projectionControlStream, type ProjectionControlCommand } from '@itsm/domain';
import { openEventStore } from '@itsm/platform';
import { WritePath } from '@itsm/write-path';
import { FIXED_NOW, InProcessApp } from '../../../../test/support/in-process-app';
import { CommandApiModule } from '../command-api.module';

const KEY = 'incident_detail_v8';
const POISON = { position: '00000000000000000042', stream: 'incident-i-1', type: 'IncidentEdited', eventId: 'e-42', reason: 'Cannot read properties of undefined' };

/** Issue 14: an admin orders a paused projection on; the order is a fact of its control stream. */
describe('POST /projections/:key/resume', () => {
  let api: InProcessApp;
  beforeAll(async () => (api = await InProcessApp.start((config) => CommandApiModule.register(config, () => FIXED_NOW))));
  afterAll(() => api.stop());
  const resume = (body: object, role: 'admin' | 'manager' = 'admin', key = KEY) => api.request('POST', `/projections/${key}/resume`, { token: api.token('ada', role), body });
  const controlFacts = async () => {
    const events = await openEventStore(api.config);
    try {
      return (await events.readStream(projectionControlStream(KEY))).map(({ type, data, metadata }) => ({ type, data, actor: metadata.actor }));
    } finally {
      await events.close();
    }
  };
  /** What the projector records when the projection stops at the event. */
  const pausedByTheProjector = async () => {
    const events = await openEventStore(api.config);
    const command: ProjectionControlCommand = { type: 'PauseProjection', projection: KEY, data: POISON, context: { actor: 'system:projector', now: FIXED_NOW.toISOString() } };
    try {
      await new WritePath(events, { conflictRetries: 0 }).execute({
        decider: projectionControlDecider, stream: projectionControlStream(KEY), schemaVersion: PROJECTION_CONTROL_SCHEMA_VERSION,
        envelope: { commandId: randomUUID(), correlationId: 'c', actor: 'system:projector', occurredAt: FIXED_NOW.toISOString() },
        request: { type: command.type, data: { projection: KEY, ...POISON } }, command: () => command,
      });
    } finally {
      await events.close();
    }
  };

  it('records the order to go on, retrying or skipping the event it is paused at, from an admin with a reason', async () => {
    expect(await resume({ position: POISON.position, mode: 'retry', reason: 'fixed' })).toMatchObject({ status: 409, body: { code: 'projection.not_paused' } });
    await pausedByTheProjector();
    expect(await resume({ position: '00000000000000000007', mode: 'skip', reason: 'x' })).toMatchObject({ status: 409, body: { code: 'projection.paused_elsewhere', details: { pausedAt: POISON.position } } });
    expect((await resume({ position: POISON.position, mode: 'skip', reason: 'x' }, 'manager')).status).toBe(403);
    expect(await resume({ position: POISON.position, mode: 'ignore', reason: 'x' })).toMatchObject({ status: 400, body: { errors: [{ field: 'mode' }] } });
    expect(await resume({ position: POISON.position, mode: 'skip', reason: 'x' }, 'admin', 'nothing_v1')).toMatchObject({ status: 404, body: { code: 'projection.unknown' } });
    expect((await resume({ position: POISON.position, mode: 'skip', reason: 'A malformed import; re-imported as INC0010042' })).status).toBe(200);
    expect(await controlFacts()).toEqual([
      { type: 'ProjectionPaused', data: { projection: KEY, ...POISON }, actor: 'system:projector' },
      { type: 'ProjectionResumed', data: { projection: KEY, position: POISON.position, mode: 'skip', reason: 'A malformed import; re-imported as INC0010042' }, actor: 'ada' },
    ]);
  });
});
