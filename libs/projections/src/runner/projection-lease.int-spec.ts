import { MemoryEventStore } from '@itsm/event-store';
import { MemoryReadStore } from '@itsm/read-store';
import { getIncident } from '../incident-detail/incident-detail-queries';
import { incidentDetailProjection } from '../incident-detail/incident-detail-projection';
import { incidentHistory } from '../testing/incident-history';
import { appendAll, eventually } from '../testing/runner-harness';
import { TestEventLog } from '../testing/test-event-log';
import { LogPass } from './log-pass';
import { ProjectionLease } from './projection-lease';
import { ProjectionRunner } from './projection-runner';

// Renewed every third of it: long enough that a loaded machine (jest workers on two cores) does not
// starve the holder's renewals past expiry, short enough to keep the hand-overs quick.
const TTL = 600;

/** The two ways a projector may run a projection: its own runner, or a seat in the projector's one pass over the log (ADR 22). */
const PATHS = [
  ['a runner of its own', (events: MemoryEventStore, reads: MemoryReadStore) => new ProjectionRunner(events, reads, incidentDetailProjection)],
  ['one pass for every projection', (events: MemoryEventStore, reads: MemoryReadStore) => new LogPass(events, reads).projection(incidentDetailProjection)],
] as const;

describe.each(PATHS)('ProjectionLease: two projectors, one projecting (%s)', (_path, running) => {
  let events: MemoryEventStore;
  let reads: MemoryReadStore;
  const leases: ProjectionLease[] = [];

  const projector = (owner: string) => {
    const runner = running(events, reads);
    const lease = new ProjectionLease(reads, runner, { owner, ttlMs: TTL });
    leases.push(lease);
    return { runner, lease };
  };

  beforeEach(() => {
    events = new MemoryEventStore();
    reads = new MemoryReadStore();
  });
  afterEach(async () => {
    await Promise.all(leases.splice(0).map((lease) => lease.stop()));
    await events.close();
  });

  /** Appends `count` more work notes to INC1 (opening it first). */
  async function notes(log: TestEventLog, count: number): Promise<void> {
    const incident = incidentHistory(log, 'INC1');
    const before = log.events.length;
    if (before === 0) incident.opened();
    for (let i = 0; i < count; i++) incident.workNoteAdded(`note ${log.events.length}`);
    await appendAll(events, log.events.slice(before));
  }
  const noteCount = async () => (await getIncident(reads, 'INC1'))?.workNoteCount;

  it('lets only the lease holder run the projection, the other stands by', async () => {
    const a = projector('projector-a');
    const b = projector('projector-b');
    a.lease.start();
    await eventually('a to hold the lease', () => a.lease.holdsLease);
    b.lease.start();
    await new Promise((resolve) => setTimeout(resolve, TTL));
    expect(b.lease.holdsLease).toBe(false);
    expect(b.runner.status().running).toBe(false);
    expect(a.runner.status().running).toBe(true);
  });

  it('hands over to the standby when the holder stops, losing and repeating nothing', async () => {
    const a = projector('projector-a');
    const b = projector('projector-b');
    const log = new TestEventLog();
    a.lease.start();
    await eventually('a to hold the lease', () => a.lease.holdsLease);
    b.lease.start();
    await notes(log, 20);
    await eventually('20 notes projected by a', async () => (await noteCount()) === 20);

    await a.lease.stop();
    await notes(log, 20);
    await eventually('b to take the lease over', () => b.lease.holdsLease);
    await eventually('40 notes projected', async () => (await noteCount()) === 40);
    // The detail (v2) keeps counts, not the notes: every note counted once, up to the last revision.
    expect(await getIncident(reads, 'INC1')).toMatchObject({ workNoteCount: 40, revision: 40 });
  });

  it('stands by while the read store cannot be reached, and projects again when it can', async () => {
    const a = projector('projector-a');
    const failing = jest.spyOn(reads, 'acquireLease').mockRejectedValue(new Error('read store down'));
    a.lease.start();
    await new Promise((resolve) => setTimeout(resolve, TTL));
    expect(a.lease.holdsLease).toBe(false);
    failing.mockRestore();
    await eventually('a to hold the lease once the store answers', () => a.lease.holdsLease);
  });
});
