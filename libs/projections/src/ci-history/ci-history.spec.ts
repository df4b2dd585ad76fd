import { ciHistory } from '../configuration-items/testing/ci-test-history';
import { expectRedeliveryHarmless, readStoreAfter } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { ciHistoryProjection } from './ci-history-projection';
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

  it('knows nothing before the first registration, and refuses a malformed instant', async () => {
    const store = await readStoreAfter(ciHistoryProjection, estate().events);
    expect(await cmdbAsOf(store, '2024-03-01T08:00:00Z')).toMatchObject({ configurationItems: [], relationships: [] });
    await expect(cmdbAsOf(store, 'yesterday')).rejects.toThrow(RangeError);
  });

  it('the same event delivered twice changes nothing', () => {
    expectRedeliveryHarmless(ciHistoryProjection, estate().events);
  });
});
