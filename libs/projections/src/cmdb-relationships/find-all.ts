import type { Filter, Page, ReadStore, StoredDocument } from '@itsm/read-store/port';

const PAGE = 500;
/** Ids per `$in`: small enough for any store's statement limits, large enough to keep round trips few. */
const IDS_PER_QUERY = 500;

/** Every document matching `filter`, page by page. */
export async function findAll<T extends StoredDocument>(store: ReadStore, collection: string, filter: Filter = {}): Promise<T[]> {
  const all: T[] = [];
  await forEachPage<T>(store, collection, filter, (items) => void all.push(...items));
  return all;
}

/** Calls `visit` with each page of the documents matching `filter`; a throw from `visit` stops the reading. */
export async function forEachPage<T extends StoredDocument>(
  store: ReadStore,
  collection: string,
  filter: Filter,
  visit: (items: readonly T[]) => void,
): Promise<void> {
  let cursor: string | null = null;
  do {
    const page: Page<T> = await store.find<T>(collection, { filter, limit: PAGE, cursor });
    visit(page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
}

/** Splits ids into `$in` lists a store accepts in one query. */
export function inChunks(ids: readonly string[]): string[][] {
  const chunks: string[][] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_QUERY) chunks.push(ids.slice(start, start + IDS_PER_QUERY));
  return chunks;
}
