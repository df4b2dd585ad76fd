import type { IncidentChange } from '@itsm/domain';
import { MemoryEventStore, sequenceOf, type Position } from '@itsm/event-store';
import { MemoryReadStore, type ReadStore } from '@itsm/read-store';
import type { IncidentDetailDocument } from '../incident-detail/incident-detail-document';
import { incidentDetailProjection } from '../incident-detail/incident-detail-projection';
import { getIncident } from '../incident-detail/incident-detail-queries';
import type { Projection } from '../projection';
import { projectionKey } from '../shared/projection-key';
import { incidentHistory } from '../testing/incident-history';
import { appendAll, eventually, observed } from '../testing/runner-harness';
import { TestEventLog } from '../testing/test-event-log';
import { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner';
import { waitForPosition } from './wait-for-position';

// Follows the projection's version, so a rebuild into a new collection does not break these specs.
const KEY = projectionKey(incidentDetailProjection);

/** `incidents` incidents, each opened then given `notes` work notes, interleaved, with change events between. */
function busyLog(incidents: number, notes: number): TestEventLog {
  const log = new TestEventLog();
  for (let round = 0; round <= notes; round++) {
    for (let i = 0; i < incidents; i++) {
      const incident = incidentHistory(log, `INC${i}`);
      if (round === 0) incident.opened();
      else incident.workNoteAdded(`note ${round}`);
      if (i % 3 === 0) log.record(`change-${i}`, { type: 'ChangeRequested', data: { round } });
    }
  }
  return log;
}

/** The detail projection, noting which events it was actually asked to evolve. */
function counting(): { projection: Projection<IncidentChange, IncidentDetailDocument>; evolved: string[] } {
  const evolved: string[] = [];
  const projection: Projection<IncidentChange, IncidentDetailDocument> = {
    ...incidentDetailProjection,
    evolve: (document, event, id) => {
      evolved.push(event.metadata.eventId);
      return incidentDetailProjection.evolve(document, event, id);
    },
  };
  return { projection, evolved };
}

describe('ProjectionRunner', () => {
  let events: MemoryEventStore;
  let reads: MemoryReadStore;
  const runners: ProjectionRunner<IncidentChange, IncidentDetailDocument>[] = [];
  const run = (projection = incidentDetailProjection, options: ProjectionRunnerOptions = {}, store: ReadStore = reads) => {
    const runner = new ProjectionRunner(events, store, projection, options);
    runners.push(runner);
    runner.start();
    return runner;
  };
  const head = async (): Promise<Position> => (await events.headPosition()) ?? '';
  const caughtUp = async (runner: ProjectionRunner<IncidentChange, IncidentDetailDocument>) => {
    const target = await head();
    await eventually('the runner to catch up', () => runner.status().checkpoint === target && runner.status().caughtUp);
  };

  beforeEach(() => {
    events = new MemoryEventStore({ pageSize: 16 });
    reads = new MemoryReadStore();
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    await events.close();
  });

  it('projects the events in the log, then new ones as they are appended, and reports its status', async () => {
    const log = busyLog(3, 2);
    await appendAll(events, log.events);
    const runner = run();
    await caughtUp(runner);
    expect(await getIncident(reads, 'INC1')).toMatchObject({ workNoteCount: 2, revision: 2 });
    expect(runner.status()).toEqual({ name: KEY, checkpoint: await head(), caughtUp: true, running: true, lastError: null, consecutiveFailures: 0, paused: null });

    const appended = log.events.length;
    incidentHistory(log, 'INC1').commentAdded('live');
    await appendAll(events, log.events.slice(appended));
    await eventually('the live event', async () => (await getIncident(reads, 'INC1'))?.commentCount === 1);

    await runner.stop();
    expect(runner.status().running).toBe(false);
  });

  it('moves its checkpoint past events of streams it does not read, so consistentWith can wait for them', async () => {
    const log = busyLog(1, 0);
    log.record('change-7', { type: 'ChangeRequested', data: {} });
    await appendAll(events, log.events);
    run();
    const changePosition = await head();
    expect(await waitForPosition(reads, [KEY], changePosition, { timeoutMs: 2000, pollMs: 5 })).toBe(true);

    const later = log.record('change-8', { type: 'ChangeRequested', data: {} });
    await appendAll(events, [later]);
    expect(await head()).toBe(later.position);
    expect(await waitForPosition(reads, [KEY], later.position, { timeoutMs: 2000, pollMs: 5 })).toBe(true);
    expect(await waitForPosition(reads, [KEY, 'never_v1'], later.position, { timeoutMs: 30, pollMs: 5 })).toBe(false);
  });

  it('never projects more events per batch than its maximum', async () => {
    const log = busyLog(10, 9);
    await events.close();
    events = new MemoryEventStore({ pageSize: 50 });
    await appendAll(events, log.events);
    const watched = observed(reads);
    const runner = run(incidentDetailProjection, { maxBatchSize: 7 }, watched.store);
    await caughtUp(runner);
    const incidentPositions = log.events.filter((event) => event.stream.startsWith('incident-')).map((event) => event.position);
    let previous = '';
    for (const { checkpoint } of watched.batches) {
      const inBatch = incidentPositions.filter((position) => position > previous && position <= checkpoint);
      expect(inBatch.length).toBeLessThanOrEqual(7);
      previous = checkpoint;
    }
    expect(watched.batches.filter((batch) => batch.documents > 0).length).toBeGreaterThanOrEqual(Math.ceil(incidentPositions.length / 7));
    expect(sequenceOf(previous)).toBe(log.events.length);
  });

  it('resumes from its checkpoint after a stop, losing and repeating nothing', async () => {
    const log = busyLog(12, 5);
    await appendAll(events, log.events);
    const { projection, evolved } = counting();
    const watched = observed(reads);
    const first = run(projection, { maxBatchSize: 8 }, watched.store);
    watched.onBatch(() => {
      if (watched.batches.length === 4) void first.stop();
    });
    await eventually('the first runner to stop', () => !first.status().running);
    const stoppedAt = (await reads.checkpoint(KEY)) ?? '';
    expect(sequenceOf(stoppedAt)).toBeGreaterThan(0);
    expect(sequenceOf(stoppedAt)).toBeLessThan(log.events.length);

    const second = run(projection, { maxBatchSize: 8 });
    await caughtUp(second);
    const incidentEventIds = log.events.filter((event) => event.stream.startsWith('incident-')).map((event) => event.metadata.eventId);
    expect(evolved).toEqual(incidentEventIds);
    for (let i = 0; i < 12; i++) expect(await getIncident(reads, `INC${i}`)).toMatchObject({ workNoteCount: 5, revision: 5 });
  });

  it('retries a failing batch with backoff and skips no event', async () => {
    const log = busyLog(4, 3);
    await appendAll(events, log.events);
    const watched = observed(reads);
    watched.failNext(3);
    const errors: string[] = [];
    const logger = { log: () => undefined, error: (message: string) => errors.push(message) };
    const runner = run(incidentDetailProjection, { retry: { initialDelayMs: 1, maxDelayMs: 4 }, logger }, watched.store);
    await caughtUp(runner);
    expect(errors).toHaveLength(3);
    expect(errors[2]).toMatch(/attempt 3.*read store unavailable/);
    expect(runner.status()).toMatchObject({ lastError: null, consecutiveFailures: 0 });
    for (let i = 0; i < 4; i++) expect(await getIncident(reads, `INC${i}`)).toMatchObject({ workNoteCount: 3 });
  });

  it('reports a failure in its status while it keeps retrying', async () => {
    await appendAll(events, busyLog(1, 0).events);
    const watched = observed(reads);
    watched.failNext(1000);
    const runner = run(incidentDetailProjection, { retry: { initialDelayMs: 1, maxDelayMs: 2 } }, watched.store);
    await eventually('a few failures', () => runner.status().consecutiveFailures >= 3);
    expect(runner.status()).toMatchObject({ running: true, caughtUp: false, lastError: 'read store unavailable', checkpoint: null });
  });

  it('refuses a projection whose collection is not named after its key', () => {
    const misnamed = { ...incidentDetailProjection, collection: { ...incidentDetailProjection.collection, name: 'incidents' } };
    expect(() => new ProjectionRunner(events, reads, misnamed)).toThrow(RangeError);
  });
});
