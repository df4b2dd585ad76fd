import { MemoryEventStore, type EventStore } from '@itsm/event-store';
import { MemoryReadStore, type ReadStore } from '@itsm/read-store';
import { getIncident } from '../incident-detail/incident-detail-queries';
import { incidentNotesProjection } from '../incident-notes/incident-notes-projection';
import { incidentHistory } from '../testing/incident-history';
import { appendAll, eventually } from '../testing/runner-harness';
import { TestEventLog } from '../testing/test-event-log';
import type { AnyProjection } from '../shared/projection-key';
import type { PoisonHandling } from './landing';
import { LogPass } from './log-pass';
import { ProjectionRunner, type ProjectionStatus } from './projection-runner';
import { adminControl, buggyDetail } from './testing/poison';

interface Running {
  start(): void;
  stop(): Promise<void>;
  status(): ProjectionStatus;
}

/** The two ways the projector may run projections: a runner each, or every one in one pass over the log (ADR 22). */
const PATHS: readonly [string, (events: EventStore, reads: ReadStore, projections: readonly AnyProjection[], poison: PoisonHandling) => Running[]][] = [
  ['a runner per projection', (events, reads, projections, poison) => projections.map((projection) => new ProjectionRunner(events, reads, projection, { poison }))],
  ['one pass for every projection', (events, reads, projections, poison) => {
    const pass = new LogPass(events, reads, { nearHeadEvents: 2 });
    return projections.map((projection) => pass.projection(projection, { poison }));
  }],
];

describe.each(PATHS)('An event a projection cannot apply (a poison event), %s', (_path, running) => {
  const runners: Running[] = [];
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
    const { projection, bug } = buggyDetail();
    const handling = adminControl();
    const [detail, notes] = running(events, reads, [projection as AnyProjection, incidentNotesProjection as AnyProjection], handling) as [Running, Running];
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
    const [rebuilt] = running(events, new MemoryReadStore(), [buggyDetail().projection as AnyProjection], handling) as [Running];
    runners.push(rebuilt);
    rebuilt.start();
    await eventually('the rebuild', () => rebuilt.status().caughtUp);
    expect(handling.pauses).toHaveLength(1);
  });
});
