import { configurationItemStream } from '@itsm/domain';
import { RecordingReadStore } from '../cmdb-relationships/testing/cmdb-store';
import { ciHistory } from '../configuration-items/testing/ci-test-history';
import { projectionKey } from '../shared/projection-key';
import { readStoreAfter, replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { CI_HISTORY_COLLECTION, ciHistoryProjection } from './ci-history-projection';
import { cmdbAsOf } from './ci-history-queries';

describe('CI history (as of an instant)', () => {
  function estate() {
    const log = new TestEventLog();
    ciHistory(log, 'APP').registered({ ciClass: 'application', attributes: { version: '1' } }); // 09:00
    ciHistory(log, 'SRV').registered(); // 09:01
    ciHistory(log, 'APP').related('runs_on', 'SRV'); // 09:02
    ciHistory(log, 'APP').attributesUpdated({ version: '2' }); // 09:03
    ciHistory(log, 'APP').unrelated('runs_on', 'SRV'); // 09:04
    ciHistory(log, 'SRV').retired(); // 09:05
    return log;
  }

  it('answers the CMDB as it stood before and after a relationship change', async () => {
    const store = await readStoreAfter(ciHistoryProjection, estate().events);
    const before = await cmdbAsOf(store, '2024-03-01T09:01:30Z');
    expect(before.relationships).toEqual([]);
    expect(before.configurationItems.map((ci) => [ci.ciId, ci.status])).toEqual([['APP', 'in_use'], ['SRV', 'in_use']]);
    const during = await cmdbAsOf(store, '2024-03-01T09:03:00.000Z');
    expect(during.relationships).toEqual([{ sourceCiId: 'APP', type: 'runs_on', targetCiId: 'SRV' }]);
    expect(during.configurationItems[0]?.attributes).toEqual({ version: '2' });
    const later = await cmdbAsOf(store, '2024-03-01T10:00:00Z', { ciIds: ['SRV'] });
    expect(later).toMatchObject({ at: '2024-03-01T10:00:00.000Z', relationships: [], configurationItems: [{ ciId: 'SRV', status: 'retired' }] });
  });

  it('finds the relationships other CIs recorded to the CIs asked about, as of each instant', async () => {
    const log = estate();
    ciHistory(log, 'DB').registered({ ciClass: 'database' }); // 09:06
    ciHistory(log, 'APP').related('depends_on', 'DB'); // 09:07
    ciHistory(log, 'MAIL').registered({ ciClass: 'application' }); // 09:08, related to nothing
    ciHistory(log, 'APP').attributesUpdated({ version: '3' }); // 09:09
    const store = await readStoreAfter(ciHistoryProjection, log.events);
    for (const at of ['2024-03-01T09:02:30Z', '2024-03-01T09:06:30Z', '2024-03-01T09:07:00Z', '2024-03-01T10:00:00Z']) {
      for (const ciIds of [['DB'], ['SRV'], ['APP'], ['DB', 'SRV']]) {
        const whole = await cmdbAsOf(store, at);
        const wanted = new Set(ciIds);
        expect({ at, ciIds, answer: await cmdbAsOf(store, at, { ciIds }) }).toEqual({
          at,
          ciIds,
          answer: {
            at: whole.at,
            configurationItems: whole.configurationItems.filter((ci) => wanted.has(ci.ciId)),
            relationships: whole.relationships.filter((r) => wanted.has(r.sourceCiId) || wanted.has(r.targetCiId)),
          },
        });
      }
    }
    expect((await cmdbAsOf(store, '2024-03-01T10:00:00Z', { ciIds: ['DB'] })).relationships).toEqual([{ sourceCiId: 'APP', type: 'depends_on', targetCiId: 'DB' }]);
  });

  it('reads only the facts of the CIs asked about and of those related to them, not every timeline', async () => {
    const log = estate();
    for (let i = 0; i < 50; i++) ciHistory(log, `other-${i}`).registered();
    const store = new RecordingReadStore();
    await store.ensureCollection(CI_HISTORY_COLLECTION);
    const documents = [...replay(ciHistoryProjection, [log.events]).values()].map((document) => ({ collection: CI_HISTORY_COLLECTION.name, document }));
    await store.applyBatch(projectionKey(ciHistoryProjection), documents, log.events.at(-1)!.position);
    expect((await cmdbAsOf(store, '2024-03-01T09:03:00Z', { ciIds: ['SRV'] })).relationships).toEqual([{ sourceCiId: 'APP', type: 'runs_on', targetCiId: 'SRV' }]);
    for (const { query } of store.finds) expect(Object.keys(query.filter ?? {})).toEqual([expect.stringMatching(/^(ciId|relatedCiId)$/)]);
    expect(store.gets.flatMap((read) => read.ids)).toEqual([expect.stringMatching(/^APP\|/)]);
  });

  it('knows nothing before the first registration, and refuses a malformed instant', async () => {
    const store = await readStoreAfter(ciHistoryProjection, estate().events);
    expect(await cmdbAsOf(store, '2024-03-01T08:00:00Z')).toMatchObject({ configurationItems: [], relationships: [] });
    await expect(cmdbAsOf(store, 'yesterday')).rejects.toThrow(RangeError);
  });

  it('keeps every stored document the same size whatever the number of updates of the CI', () => {
    const largest = (updates: number) => {
      const log = new TestEventLog();
      ciHistory(log, 'SRV').registered({ attributes: { patch: 'none' } });
      for (let i = 0; i < updates; i++) ciHistory(log, 'SRV').attributesUpdated({ patch: i % 2 === 0 ? 'even' : 'odd' });
      const documents = [...replay(ciHistoryProjection, [log.events]).values()];
      return Math.max(...documents.map((document) => JSON.stringify({ ...document, _position: null }).length));
    };
    expect(largest(500)).toBe(largest(5));
  });

  it('keeps each fact of a CI as one document, with its business time and the CI it relates to', () => {
    const log = estate();
    const [, , related, , unrelated] = log.events;
    expect([...replay(ciHistoryProjection, [log.events]).values()].filter((entry) => entry.ciId === 'APP')).toEqual([
      { id: 'APP|0000000000', _position: log.events[0]!.position, ciId: 'APP', revision: 0, type: 'ConfigurationItemRegistered', data: log.events[0]!.data, occurredAt: '2024-03-01T09:00:00.000Z', relatedCiId: null },
      { id: 'APP|0000000001', _position: related!.position, ciId: 'APP', revision: 1, type: 'ConfigurationItemRelationshipAdded', data: { ciId: 'APP', type: 'runs_on', targetCiId: 'SRV' }, occurredAt: '2024-03-01T09:02:00.000Z', relatedCiId: 'SRV' },
      { id: 'APP|0000000002', _position: log.events[3]!.position, ciId: 'APP', revision: 2, type: 'ConfigurationItemAttributesUpdated', data: { ciId: 'APP', set: { version: '2' }, unset: [] }, occurredAt: '2024-03-01T09:03:00.000Z', relatedCiId: null },
      { id: 'APP|0000000003', _position: unrelated!.position, ciId: 'APP', revision: 3, type: 'ConfigurationItemRelationshipRemoved', data: { ciId: 'APP', type: 'runs_on', targetCiId: 'SRV' }, occurredAt: '2024-03-01T09:04:00.000Z', relatedCiId: 'SRV' },
    ]);
  });

  it('keeps the values an attribute update replaced, as recorded, and folds updates recorded before there were any', async () => {
    const log = new TestEventLog();
    ciHistory(log, 'SRV').registered({ attributes: { os: 'Debian 11', rack: 'A1', serial: null } }); // 09:00
    ciHistory(log, 'SRV').attributesUpdated({ rack: 'A2' }); // 09:01, schema version 1: no previous values
    const update = { ciId: 'SRV', set: { os: 'Debian 12', serial: 'SN-1', cpu: 8 }, unset: ['rack'], previous: { os: 'Debian 11', serial: null, rack: 'A2' } };
    log.record(configurationItemStream('SRV'), { type: 'ConfigurationItemAttributesUpdated', data: update }); // 09:02
    const documents = replay(ciHistoryProjection, [log.events]);
    expect(documents.get('SRV|0000000002')).toMatchObject({ type: 'ConfigurationItemAttributesUpdated', data: update });
    expect(documents.get('SRV|0000000001')?.data).toEqual({ ciId: 'SRV', set: { rack: 'A2' }, unset: [] });
    const store = await readStoreAfter(ciHistoryProjection, log.events);
    expect((await cmdbAsOf(store, '2024-03-01T09:01:00Z')).configurationItems[0]?.attributes).toEqual({ os: 'Debian 11', rack: 'A2', serial: null });
    expect((await cmdbAsOf(store, '2024-03-01T09:02:00Z')).configurationItems[0]?.attributes).toEqual({ os: 'Debian 12', serial: 'SN-1', cpu: 8 });
  });

  it('never changes a fact once kept: an event naming it again leaves it as it is', () => {
    const log = estate();
    const kept = replay(ciHistoryProjection, [log.events]).get('APP|0000000002')!;
    const namingItAgain = { ...log.events[3]!, data: { ciId: 'APP', set: { version: 'rewritten' }, unset: [] } };
    expect(ciHistoryProjection.evolve(kept, namingItAgain as never, kept.id)).toEqual(kept);
  });
});
