import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@itsm/event-store';
import { SqliteReadStore } from '@itsm/read-store';
import { ALL_PROJECTIONS, PROJECTION_KEYS } from '../all-projections';
import { getIncident } from '../incident-detail/incident-detail-queries';
import { incidentHistory } from '../testing/incident-history';
import { appendAll, eventually } from '../testing/runner-harness';
import { TestEventLog } from '../testing/test-event-log';
import { findGroupQueue } from '../work-queues/work-queues-queries';
import { ProjectionRunner } from './projection-runner';
import { waitForPosition } from './wait-for-position';

/** The embedded default end to end: the SQLite event store feeding every projection into the SQLite read store. */
describe('ProjectionRunner on the SQLite stores', () => {
  let directory: string;
  beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'projections-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  async function runAll(events: SqliteEventStore, reads: SqliteReadStore, until: string): Promise<void> {
    const runners = ALL_PROJECTIONS.map((projection) => new ProjectionRunner(events, reads, projection, { maxBatchSize: 5 }));
    runners.forEach((runner) => runner.start());
    try {
      expect(await waitForPosition(reads, PROJECTION_KEYS, until, { timeoutMs: 5000, pollMs: 5 })).toBe(true);
    } finally {
      await Promise.all(runners.map((runner) => runner.stop()));
    }
  }

  it('fills every read model, and a restarted projector on reopened files carries on exactly', async () => {
    const eventsFile = join(directory, 'events.db');
    const readsFile = join(directory, 'reads.db');
    const log = new TestEventLog();
    for (let i = 0; i < 8; i++) {
      const incident = incidentHistory(log, `INC${i}`);
      incident.opened({ assignmentGroup: 'network', priority: ((i % 3) + 1) as 1 | 2 | 3 });
      incident.workNoteAdded('first look');
    }

    let events = SqliteEventStore.open({ filename: eventsFile, pollIntervalMs: 5 });
    let reads = SqliteReadStore.open({ filename: readsFile });
    await appendAll(events, log.events);
    await runAll(events, reads, log.events[log.events.length - 1]!.position);
    expect((await findGroupQueue(reads, 'network', { limit: 20 })).items).toHaveLength(8);
    await Promise.all([events.close(), reads.close()]);

    const appended = log.events.length;
    for (let i = 0; i < 8; i++) incidentHistory(log, `INC${i}`).workNoteAdded('second look');
    incidentHistory(log, 'INC0').resolved();
    events = SqliteEventStore.open({ filename: eventsFile, pollIntervalMs: 5 });
    reads = SqliteReadStore.open({ filename: readsFile });
    await appendAll(events, log.events.slice(appended));
    await runAll(events, reads, log.events[log.events.length - 1]!.position);

    for (let i = 0; i < 8; i++) expect(await getIncident(reads, `INC${i}`)).toMatchObject({ workNoteCount: 2 });
    expect((await findGroupQueue(reads, 'network', { limit: 20 })).items.map((item) => item.id)).not.toContain('INC0');
    const queryApi = SqliteReadStore.open({ filename: readsFile, readonly: true });
    await eventually('the read-only side to see it', async () => (await getIncident(queryApi, 'INC0'))?.status === 'resolved');
    await Promise.all([events.close(), reads.close(), queryApi.close()]);
  });
});
