import { configurationItemStream, incidentStream } from '@itsm/domain';
import { MemoryEventStore, type RecordedEvent } from '@itsm/event-store';
import { InvalidCursorError } from '@itsm/read-store';
import { ciHistoryProjection } from '../ci-history/ci-history-projection';
import { ciHistory } from '../configuration-items/testing/ci-test-history';
import type { HistoryOrder } from '../shared/page';
import { incidentHistory } from '../testing/incident-history';
import { readStoreAfter } from '../testing/replay';
import { appendAll } from '../testing/runner-harness';
import { TestEventLog } from '../testing/test-event-log';
import { ciHistoryFromLog } from './ci-history-from-log';
import type { HistoryEntry, HistoryPage } from './history-entry';
import { RecordFolds } from './record-folds';
import { recordHistory } from './record-history';
import { RECORD_KINDS } from './record-kinds';

async function storeOf(log: TestEventLog) {
  const events = new MemoryEventStore();
  await appendAll(events, log.events);
  return { events, recorded: await events.readAll(), folds: new RecordFolds(events) };
}

/** Every page, following the cursors: what a client paging through gets. */
async function allPages(read: (cursor: string | null) => Promise<HistoryPage | null>): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let cursor: string | null = null;
  do {
    const page = (await read(cursor)) as HistoryPage;
    entries.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return entries;
}

describe('a record’s history, read from the log', () => {
  it('gives every fact with where it sits, who and what caused it, its chain links, and the fields it changed', async () => {
    const log = new TestEventLog();
    const inc = incidentHistory(log, 'INC1');
    inc.opened();
    inc.reclassified(1, 1, 1, 3, { actor: 'ann' });
    inc.assigned('network', 'bob');
    const { events, recorded, folds } = await storeOf(log);
    const page = (await recordHistory(events, folds, RECORD_KINDS.incident, 'INC1', { limit: 10 })) as HistoryPage;
    const reclassified = recorded[1] as RecordedEvent;
    expect(page.items[1]).toEqual({
      position: reclassified.position, stream: incidentStream('INC1'), revision: 1, type: 'IncidentReclassified', actor: 'ann',
      occurredAt: reclassified.metadata.occurredAt, recordedAt: reclassified.recordedAt,
      commandType: reclassified.metadata.commandType, commandId: reclassified.metadata.commandId,
      correlationId: reclassified.metadata.correlationId, causationId: reclassified.metadata.causationId,
      hash: reclassified.metadata.hash, prevHash: reclassified.metadata.prevHash, direction: 'own', schemaVersion: reclassified.metadata.schemaVersion, upcast: null, data: reclassified.data,
      changes: [{ field: 'impact', from: 2, to: 1 }, { field: 'urgency', from: 2, to: 1 }, { field: 'priority', from: 3, to: 1 }],
    });
    expect(page.items[0]?.changes).toEqual(expect.arrayContaining([{ field: 'status', from: null, to: 'new' }, { field: 'title', from: null, to: 'Incident INC1' }]));
    expect(page.items[2]?.changes).toEqual(expect.arrayContaining([{ field: 'assignmentGroup', from: null, to: 'network' }, { field: 'assignee', from: null, to: 'bob' }]));
    expect(page.items.flatMap((entry) => entry.changes.map((change) => change.field))).not.toEqual(expect.arrayContaining(['revision', 'updatedAt', 'updatedBy']));
  });

  it.each<HistoryOrder>(['asc', 'desc'])('pages through a long history %s, each fact once, the changes the same whatever the page size', async (order) => {
    const log = new TestEventLog();
    const inc = incidentHistory(log, 'INC1');
    inc.opened();
    for (let round = 0; round < 30; round++) {
      inc.putOnHold('awaiting_vendor', `hold ${round}`);
      inc.resumed();
      inc.reclassified((1 + (round % 3)) as 1 | 2 | 3, 2, (1 + (round % 5)) as 1 | 2 | 3 | 4 | 5, 3);
    }
    const { events, folds } = await storeOf(log);
    const whole = await allPages((cursor) => recordHistory(events, folds, RECORD_KINDS.incident, 'INC1', { limit: 500, order, cursor }));
    for (const limit of [1, 7, 50]) {
      const paged = await allPages((cursor) => recordHistory(events, new RecordFolds(events), RECORD_KINDS.incident, 'INC1', { limit, order, cursor }));
      expect(paged).toEqual(whole);
    }
    expect(whole.map((entry) => entry.revision)).toEqual(order === 'asc' ? [...Array(91).keys()] : [...Array(91).keys()].reverse());
    // A page that ends the history says so, even when it is full.
    expect((await recordHistory(events, folds, RECORD_KINDS.incident, 'INC1', { limit: 91, order }))?.nextCursor).toBeNull();
    expect((await recordHistory(events, folds, RECORD_KINDS.incident, 'INC1', { limit: 90, order }))?.nextCursor).not.toBeNull();
  });

  it('is null for a record with no events, and refuses a cursor made for another record or order', async () => {
    const log = new TestEventLog();
    incidentHistory(log, 'INC1').opened();
    incidentHistory(log, 'INC1').reclassified(1, 1, 1, 3);
    const { events, folds } = await storeOf(log);
    expect(await recordHistory(events, folds, RECORD_KINDS.incident, 'NOPE', { limit: 5 })).toBeNull();
    const { nextCursor } = (await recordHistory(events, folds, RECORD_KINDS.incident, 'INC1', { limit: 1 })) as HistoryPage;
    await expect(recordHistory(events, folds, RECORD_KINDS.incident, 'INC2', { limit: 1, cursor: nextCursor })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(recordHistory(events, folds, RECORD_KINDS.incident, 'INC1', { limit: 1, order: 'desc', cursor: nextCursor })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(recordHistory(events, folds, RECORD_KINDS.incident, 'INC1', { limit: 1, cursor: 'garbage' })).rejects.toBeInstanceOf(InvalidCursorError);
    const forged = (revision: number, position: string | null) => Buffer.from(JSON.stringify([incidentStream('INC1'), 'asc', revision, position])).toString('base64url');
    await expect(recordHistory(events, folds, RECORD_KINDS.incident, 'INC1', { limit: 1, cursor: forged(1e30, null) })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(recordHistory(events, folds, RECORD_KINDS.incident, 'INC1', { limit: 1, cursor: forged(1, 'zz') })).rejects.toBeInstanceOf(InvalidCursorError);
    expect(await recordHistory(events, folds, RECORD_KINDS.incident, 'INC1', { limit: 1, cursor: forged(1, null) })).toMatchObject({ items: [{ revision: 1 }] });
  });
});

describe('a CI’s history', () => {
  function relatedCis() {
    const log = new TestEventLog();
    const [web, app, db] = [ciHistory(log, 'WEB'), ciHistory(log, 'APP'), ciHistory(log, 'DB')];
    db.registered();
    app.registered();
    web.registered();
    app.related('depends_on', 'DB');
    db.attributesUpdated({ os: 'linux', version: '15' }, []);
    web.related('depends_on', 'DB');
    db.attributesUpdated({ os: 'bsd' }, ['version']);
    app.unrelated('depends_on', 'DB');
    db.related('runs_on', 'WEB');
    web.related('runs_on', 'APP');
    return log;
  }

  it('includes the relationships other CIs recorded to it, marked inbound, in log order with its own facts', async () => {
    const log = relatedCis();
    const { events, recorded, folds } = await storeOf(log);
    const reads = await readStoreAfter(ciHistoryProjection, recorded);
    const page = (await ciHistoryFromLog(events, reads, folds, 'DB', { limit: 50 })) as HistoryPage;
    expect(page.items.map((entry) => [entry.stream, entry.type, entry.direction])).toEqual([
      [configurationItemStream('DB'), 'ConfigurationItemRegistered', 'own'],
      [configurationItemStream('APP'), 'ConfigurationItemRelationshipAdded', 'inbound'],
      [configurationItemStream('DB'), 'ConfigurationItemAttributesUpdated', 'own'],
      [configurationItemStream('WEB'), 'ConfigurationItemRelationshipAdded', 'inbound'],
      [configurationItemStream('DB'), 'ConfigurationItemAttributesUpdated', 'own'],
      [configurationItemStream('APP'), 'ConfigurationItemRelationshipRemoved', 'inbound'],
      [configurationItemStream('DB'), 'ConfigurationItemRelationshipAdded', 'own'],
    ]);
    expect(page.items[1]?.changes).toEqual([{ field: 'relationships', from: null, to: { direction: 'inbound', type: 'depends_on', ciId: 'APP' } }]);
    expect(page.items[5]?.changes).toEqual([{ field: 'relationships', from: { direction: 'inbound', type: 'depends_on', ciId: 'APP' }, to: null }]);
    expect(page.items[6]?.changes).toEqual([{ field: 'relationships', from: null, to: { direction: 'outbound', type: 'runs_on', ciId: 'WEB' } }]);
    expect(page.items[4]?.changes).toEqual([{ field: 'attributes.os', from: 'linux', to: 'bsd' }, { field: 'attributes.version', from: '15', to: null }]);
  });

  it.each<HistoryOrder>(['asc', 'desc'])('pages %s through its own and inbound facts, each once, whatever the page size', async (order) => {
    const log = relatedCis();
    const { events, recorded } = await storeOf(log);
    const reads = await readStoreAfter(ciHistoryProjection, recorded);
    for (const ciId of ['DB', 'WEB', 'APP']) {
      const whole = await allPages((cursor) => ciHistoryFromLog(events, reads, new RecordFolds(events), ciId, { limit: 100, order, cursor }));
      for (const limit of [1, 2, 3]) {
        expect({ ciId, limit, entries: await allPages((cursor) => ciHistoryFromLog(events, reads, new RecordFolds(events), ciId, { limit, order, cursor })) }).toEqual({ ciId, limit, entries: whole });
      }
      expect((await ciHistoryFromLog(events, reads, new RecordFolds(events), ciId, { limit: whole.length, order }))?.nextCursor).toBeNull();
      const positions = whole.map((entry) => entry.position);
      expect(positions).toEqual([...positions].sort((a, b) => (order === 'asc' ? a.localeCompare(b) : b.localeCompare(a))));
    }
  });

  it('is null for a CI with no events', async () => {
    const { events, recorded, folds } = await storeOf(relatedCis());
    expect(await ciHistoryFromLog(events, await readStoreAfter(ciHistoryProjection, recorded), folds, 'NOPE', { limit: 5 })).toBeNull();
  });
});
