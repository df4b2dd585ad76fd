import { randomUUID } from 'node:crypto';
import {
  INCIDENT_EVENT_SCHEMA_VERSION,
  incidentDecider,
  incidentStream,
  PROJECTION_CONTROL_SCHEMA_VERSION,
  projectionControlDecider,
  projectionControlStream,
  type IncidentChange,
  type ProjectionControlCommand,
} from '@itsm/domain';
import { MemoryEventStore } from '@itsm/event-store';
import { getIncident, incidentDetailProjection, ProjectionRunner, projectionKey, type IncidentDetailDocument, type Projection } from '@itsm/projections';
import { MemoryReadStore } from '@itsm/read-store';
import { WritePath } from '@itsm/write-path';
import { command, openIncident } from '../../../libs/domain/src/testing/incident-fixtures';
import { pausesInTheLog, PROJECTOR_ACTOR } from './poison-handling';

const NOW = new Date('2026-11-30T11:00:00.000Z');
const KEY = projectionKey(incidentDetailProjection);

async function until(what: string, holds: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await holds())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('A projection paused at an event it cannot apply, in the log (the projector)', () => {
  it('records the pause in its control stream, and goes on once an admin’s order is recorded there', async () => {
    const events = new MemoryEventStore();
    const writer = new WritePath(events, { conflictRetries: 3 });
    const context = { actor: 'ann', now: NOW.toISOString() };
    const incident = (made: ReturnType<typeof command> | ReturnType<typeof openIncident>) => {
      const asked = { ...made, incidentId: 'i-1', context } as never;
      return writer.execute({ decider: incidentDecider, stream: incidentStream('i-1'), schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION, envelope: { commandId: randomUUID(), correlationId: 'c', actor: 'ann', occurredAt: NOW.toISOString() }, request: asked, command: () => asked });
    };
    await incident(openIncident());
    await incident(command('AddWorkNote', { text: 'boom' }));
    const buggy: Projection<IncidentChange, IncidentDetailDocument> = {
      ...incidentDetailProjection,
      evolve: (document, event, id) => {
        if (event.type === 'IncidentWorkNoteAdded') throw new TypeError('no notes here');
        return incidentDetailProjection.evolve(document, event, id);
      },
    };
    const reads = new MemoryReadStore();
    const runner = new ProjectionRunner(events, reads, buggy, { poison: pausesInTheLog(writer, KEY, () => NOW, 10) });
    runner.start();
    try {
      await until('the pause', () => runner.status().paused !== null);
      const control = await events.readStream(projectionControlStream(KEY));
      expect(control.map(({ type, data, metadata }) => ({ type, data, actor: metadata.actor }))).toEqual([
        { type: 'ProjectionPaused', data: expect.objectContaining({ projection: KEY, stream: 'incident-i-1', type: 'IncidentWorkNoteAdded', reason: 'no notes here' }), actor: PROJECTOR_ACTOR },
      ]);
      const position = (control[0]?.data as { position: string }).position;
      const order: ProjectionControlCommand = { type: 'ResumeProjection', projection: KEY, data: { position, mode: 'skip', reason: 'test note' }, context: { actor: 'ada', now: NOW.toISOString() } };
      await writer.execute({ decider: projectionControlDecider, stream: projectionControlStream(KEY), schemaVersion: PROJECTION_CONTROL_SCHEMA_VERSION, envelope: { commandId: randomUUID(), correlationId: 'c', actor: 'ada', occurredAt: NOW.toISOString() }, request: { type: order.type, data: order.data }, command: () => order });
      await until('the skip', () => runner.status().paused === null && runner.status().caughtUp);
      expect((await getIncident(reads, 'i-1'))?.workNoteCount).toBe(0);
      expect((await events.readStream(projectionControlStream(KEY))).map((event) => event.type)).toEqual(['ProjectionPaused', 'ProjectionResumed']);
    } finally {
      await runner.stop();
    }
  });
});
