import type { ReadStore } from '@itsm/read-store/port';
import { pageInMemory } from '../shared/memory-page';
import type { PageRequest } from '../shared/page';
import { cmdbAsOf, type CmdbAsOf } from './ci-history-queries';

export interface CmdbAsOfPage extends CmdbAsOf {
  readonly nextCursor: string | null;
}

/**
 * A page of the CMDB as it stood at `instant`: its CIs by id, a limit at a time, and with them the
 * relationships whose first listed end (by id) is on the page. So walking the pages serves every CI
 * and every relationship once, and a relationship comes with a CI it links. The cursor is made for
 * the instant and the CIs asked about, and refused by another question.
 */
export async function cmdbAsOfPage(store: ReadStore, instant: string, options: { ciIds?: readonly string[] }, page: PageRequest): Promise<CmdbAsOfPage> {
  const whole = await cmdbAsOf(store, instant, options);
  const { items, nextCursor } = pageInMemory(whole.configurationItems, page, { at: whole.at, ciIds: options.ciIds ?? null });
  const listed = new Set(whole.configurationItems.map((ci) => ci.ciId));
  const onPage = new Set(items.map((ci) => ci.ciId));
  const firstPage = !page.cursor;
  const relationships = whole.relationships.filter(({ sourceCiId, targetCiId }) => {
    const firstListedEnd = [sourceCiId, targetCiId].filter((ciId) => listed.has(ciId)).sort()[0];
    return firstListedEnd === undefined ? firstPage : onPage.has(firstListedEnd);
  });
  return { at: whole.at, configurationItems: items, relationships, nextCursor };
}
