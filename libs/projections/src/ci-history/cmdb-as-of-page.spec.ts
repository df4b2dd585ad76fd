import { InvalidCursorError } from '@itsm/read-store';
import { ciHistory } from '../configuration-items/testing/ci-test-history';
import { readStoreAfter } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { ciHistoryProjection } from './ci-history-projection';
import { cmdbAsOf } from './ci-history-queries';
import { cmdbAsOfPage, type CmdbAsOfPage } from './cmdb-as-of-page';

const AT = '2024-03-01T10:00:00.000Z';

/** APP runs on SRV and depends on DB; WEB depends on APP; MAIL stands alone. */
async function estate() {
  const log = new TestEventLog();
  for (const ci of ['APP', 'SRV', 'DB', 'WEB', 'MAIL']) ciHistory(log, ci).registered();
  ciHistory(log, 'APP').related('runs_on', 'SRV');
  ciHistory(log, 'APP').related('depends_on', 'DB');
  ciHistory(log, 'WEB').related('depends_on', 'APP');
  return readStoreAfter(ciHistoryProjection, log.events);
}

async function everyPage(read: (cursor: string | null) => Promise<CmdbAsOfPage>): Promise<CmdbAsOfPage[]> {
  const pages: CmdbAsOfPage[] = [];
  let cursor: string | null = null;
  do {
    const page: CmdbAsOfPage = await read(cursor);
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return pages;
}

describe('the CMDB as of an instant, a page at a time', () => {
  it.each([1, 2, 3, 5])('serves every CI and every relationship once, each relationship beside a CI it links, in pages of %i', async (limit) => {
    const store = await estate();
    const whole = await cmdbAsOf(store, AT);
    const pages = await everyPage((cursor) => cmdbAsOfPage(store, AT, {}, { limit, cursor }));
    expect(pages.flatMap((page) => page.configurationItems)).toEqual(whole.configurationItems);
    expect(pages.flatMap((page) => page.relationships)).toEqual(expect.arrayContaining([...whole.relationships]));
    expect(pages.flatMap((page) => page.relationships)).toHaveLength(whole.relationships.length);
    for (const page of pages) {
      const onPage = new Set(page.configurationItems.map((ci) => ci.ciId));
      expect(page.relationships.every((r) => onPage.has(r.sourceCiId) || onPage.has(r.targetCiId))).toBe(true);
      expect(page.configurationItems.length).toBeLessThanOrEqual(limit);
    }
  });

  it('pages the CIs asked about, with the relationships of the others to them', async () => {
    const store = await estate();
    const first = await cmdbAsOfPage(store, AT, { ciIds: ['DB', 'SRV'] }, { limit: 1 });
    const second = await cmdbAsOfPage(store, AT, { ciIds: ['DB', 'SRV'] }, { limit: 1, cursor: first.nextCursor });
    expect([first, second].map((page) => [page.configurationItems.map((ci) => ci.ciId), page.relationships.map((r) => r.targetCiId)])).toEqual([
      [['DB'], ['DB']],
      [['SRV'], ['SRV']],
    ]);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor made for another instant or other CIs', async () => {
    const store = await estate();
    const { nextCursor } = await cmdbAsOfPage(store, AT, {}, { limit: 1 });
    await expect(cmdbAsOfPage(store, '2024-03-01T11:00:00.000Z', {}, { limit: 1, cursor: nextCursor })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(cmdbAsOfPage(store, AT, { ciIds: ['APP'] }, { limit: 1, cursor: nextCursor })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
