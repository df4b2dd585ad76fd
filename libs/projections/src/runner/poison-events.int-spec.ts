import type { IncidentChange, PoisonEvent, ResumeMode } from '@itsm/domain';
import { MemoryEventStore } from '@itsm/event-store';
import { MemoryReadStore } from '@itsm/read-store';
import type { IncidentDetailDocument } from '../incident-detail/incident-detail-document';
import { incidentDetailProjection } from '../incident-detail/incident-detail-projection';
import { getIncident } from '../incident-detail/incident-detail-queries';
import { incidentNotesProjection } from '../incident-notes/incident-notes-projection';
import type { Projection } from '../projection';
import { incidentHistory } from '../testing/incident-history';
import { appendAll, eventually } from '../testing/runner-harness';
import { TestEventLog } from '../testing/test-event-log';
import { ProjectionRunner, type PoisonHandling } from './projection-runner';

/** The detail projection with a bug: it throws on any work note reading "boom" while `broken` says so. */
function buggy() {
  const bug = { broken: true };
  const projection: Projection<IncidentChange, IncidentDetailDocument> = {
    ...incidentDetailProjection,
    evolve: (document, event, id) => {
      if (bug.broken && event.type === 'IncidentWorkNoteAdded' && (event.data as { text: string }).text === 'boom') throw new TypeError('Cannot read properties of undefined');
      return incidentDetailProjection.evolve(document, event, id);
    },
  };
  return { projection, bug };
}

/** What the projector does with a pause, kept in memory: the pauses recorded and the order an admin gives. */
function control(): PoisonHandling & { pauses: PoisonEvent[]; give(mode: ResumeMode): void } {
  let standing: { position: string; mode: ResumeMode } | null = null;
  const pauses: PoisonEvent[] = [];
  return {
    pauses,
    pollMs: 10,
    paused: async (poison) => {
      standing = null;
      pauses.push(poison);
    },
    order: async (poison) => (standing?.position === poison.position ? standing.mode : null),
    give(mode) {
      const last = pauses[pauses.length - 1] as PoisonEvent;
      standing = { position: last.position, mode };
    },
  };
}

describe('An event a projection cannot apply (a poison event)', () => {
  const runners: ProjectionRunner[] = [];
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
  });

  async function scenario() {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    incident.workNoteAdded('first');
    const poison = incident.workNoteAdded('boom');
    incident.workNoteAdded('after');
    const events = new MemoryEventStore();
    await appendAll(events, log.events);
    const reads = new MemoryReadStore();
    const { projection, bug } = buggy();
    const handling = control();
    const detail = new ProjectionRunner(events, reads, projection, { poison: handling });
    const notes = new ProjectionRunner(events, reads, incidentNotesProjection, { poison: handling });
    runners.push(detail, notes);
    detail.start();
    notes.start();
    await eventually('the pause', () => detail.status().paused !== null);
    return { events, reads, detail, notes, handling, bug, poison, log };
  }

  it('stops that projection exactly before it, records why, and lets the others run', async () => {
    const { reads, detail, notes, handling, poison } = await scenario();
    expect(handling.pauses).toEqual([{ position: poison.position, stream: 'incident-INC1', type: 'IncidentWorkNoteAdded', eventId: poison.metadata.eventId, reason: 'Cannot read properties of undefined' }]);
    expect(detail.status()).toMatchObject({ paused: { position: poison.position }, checkpoint: expect.any(String) });
    expect((await getIncident(reads, 'INC1'))?.workNoteCount).toBe(1);
    await eventually('the notes projection to pass it', () => notes.status().caughtUp);
    expect(notes.status().paused).toBeNull();
  });

  it('retried after a fix, applies it and reads on', async () => {
    const { reads, detail, handling, bug } = await scenario();
    bug.broken = false;
    handling.give('retry');
    await eventually('the catch-up', async () => (await getIncident(reads, 'INC1'))?.workNoteCount === 3);
    expect(detail.status().paused).toBeNull();
    expect(handling.pauses).toHaveLength(1);
  });

  it('retried without a fix, pauses again at the same event, recorded again', async () => {
    const { detail, handling } = await scenario();
    handling.give('retry');
    await eventually('the second pause', () => handling.pauses.length === 2);
    expect(detail.status().paused).toMatchObject({ position: handling.pauses[0]?.position });
  });

  it('skipped, leaves that event out and applies the rest', async () => {
    const { reads, detail, handling } = await scenario();
    handling.give('skip');
    await eventually('the catch-up', async () => (await getIncident(reads, 'INC1'))?.workNoteCount === 2);
    expect(detail.status()).toMatchObject({ paused: null });
  });

  it('skips at once an event an order to skip stands for, met again after a restart', async () => {
    const { events, reads, detail, handling } = await scenario();
    handling.give('skip');
    await eventually('the skip', async () => (await getIncident(reads, 'INC1'))?.workNoteCount === 2);
    await detail.stop();
    // Rebuilt from the start (a new collection, say): the same order still stands for the same event.
    const rebuilt = new ProjectionRunner(events, new MemoryReadStore(), buggy().projection, { poison: handling });
    runners.push(rebuilt);
    rebuilt.start();
    await eventually('the rebuild', () => rebuilt.status().caughtUp);
    expect(handling.pauses).toHaveLength(1);
  });
});
