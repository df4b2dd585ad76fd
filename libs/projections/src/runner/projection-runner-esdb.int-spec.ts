import { randomUUID } from 'node:crypto';
import type { IncidentEvent } from '@itsm/domain';
import { EsdbEventStore, esdbPosition, type EventStore, type RecordedEvent } from '@itsm/event-store';
import { MemoryReadStore } from '@itsm/read-store';
import { startEsdbDouble, type EsdbDouble } from '../../../../test/support/esdb-double';
import type { IncidentDetailDocument } from '../incident-detail/incident-detail-document';
import { getIncident } from '../incident-detail/incident-detail-queries';
import { incidentDetailProjection } from '../incident-detail/incident-detail-projection';
import { incidentHistory } from '../testing/incident-history';
import { eventually } from '../testing/runner-harness';
import { TestEventLog } from '../testing/test-event-log';
import { ProjectionRunner, type RunnerLogger } from './projection-runner';

/** Where EventStoreDB 24.2.0 to 24.10.4 put some end-of-catch-up checkpoints (KDB-710): Position.End. */
const POSITION_END = esdbPosition(2n ** 64n - 1n, 2n ** 64n - 1n);

type Runner = ProjectionRunner<IncidentEvent, IncidentDetailDocument>;

/** EventStoreDB gives events the ids we choose, and wants UUIDs; the test log numbers them. */
async function appendAll(store: EventStore, events: readonly RecordedEvent[]): Promise<void> {
  for (const { stream, type, data, metadata } of events) await store.append(stream, [{ type, data, metadata: { ...metadata, eventId: randomUUID() } }], 'any');
}

/** The incident detail read model fed from a server with KDB-710 (the double as 24.10.4). */
describe('ProjectionRunner over EventStoreDB 24.2.0 to 24.10.4 (server bug KDB-710)', () => {
  let double: EsdbDouble;
  let events: EsdbEventStore;
  let reads: MemoryReadStore;
  let log: TestEventLog;
  let errors: string[];
  const runners: Runner[] = [];
  const logger: RunnerLogger = { log: () => undefined, error: (message) => errors.push(message) };

  const run = (): Runner => {
    const runner = new ProjectionRunner(events, reads, incidentDetailProjection, { logger, retry: { initialDelayMs: 5, maxDelayMs: 20 } });
    runners.push(runner);
    runner.start();
    return runner;
  };
  const head = async (): Promise<string> => (await events.headPosition()) ?? '';
  const caughtUp = async (runner: Runner): Promise<void> => {
    const target = await head();
    await eventually('the runner to catch up at the head', () => runner.status().checkpoint === target && runner.status().caughtUp, 3000);
  };

  beforeAll(async () => (double = await startEsdbDouble({ version: '24.10.4' })));
  afterAll(() => double.stop());
  beforeEach(() => {
    double.reset();
    events = EsdbEventStore.connect({ connectionString: double.connectionString, idleCheckpointMs: 20, reconnect: { initialDelayMs: 10, maxDelayMs: 50 } });
    reads = new MemoryReadStore();
    log = new TestEventLog();
    errors = [];
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
    await events.close();
  });

  it('projects what is appended after a catch-up that met only other streams, and checkpoints at the head, not at Position.End', async () => {
    for (let i = 0; i < 5; i++) log.record(`change-${i}`, { type: 'ChangeRequested', data: {} });
    await appendAll(events, log.events);
    const runner = run();
    await caughtUp(runner);
    expect(await reads.checkpoint(runner.key)).toBe(await head());

    const incident = incidentHistory(log, 'INC1');
    await appendAll(events, [incident.opened(), incident.workNoteAdded('first look')]);
    await eventually('the incident to be projected', async () => (await getIncident(reads, 'INC1'))?.workNoteCount === 1);
    await caughtUp(runner);
    expect(errors).toEqual([]);
  });

  it('recovers a checkpoint stored at Position.End by replaying from the start, counting nothing twice, and says so loudly', async () => {
    const inc1 = incidentHistory(log, 'INC1');
    await appendAll(events, [inc1.opened(), inc1.workNoteAdded('first'), inc1.workNoteAdded('second')]);
    const before = run();
    await caughtUp(before);
    await before.stop();
    // What the adapter before this fix stored after a KDB-710 checkpoint; every later event was dropped.
    await reads.applyBatch(before.key, [], POSITION_END);
    const inc2 = incidentHistory(log, 'INC2');
    await appendAll(events, [inc1.workNoteAdded('third'), inc1.commentAdded('while frozen'), inc2.opened()]);

    const after = run();
    await caughtUp(after);
    expect(await getIncident(reads, 'INC1')).toMatchObject({ workNoteCount: 3, commentCount: 1 });
    expect(await getIncident(reads, 'INC2')).toMatchObject({ status: 'new' });
    expect(await reads.checkpoint(after.key)).toBe(await head());
    expect(errors).toEqual([expect.stringMatching(new RegExp(`${after.key}.*${POSITION_END}.*beyond the head of the log.*replaying from the start`))]);

    // A restart carries on from the repaired checkpoint: nothing to recover any more.
    await after.stop();
    await caughtUp(run());
    expect(errors).toHaveLength(1);
  });
});
