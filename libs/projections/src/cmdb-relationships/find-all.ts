import type { Filter, Page, ReadStore, StoredDocument } from '@itsm/read-store';

const PAGE = 500;

/** Every document matching `filter`, page by page. */
export async function findAll<T extends StoredDocument>(store: ReadStore, collection: string, filter: Filter = {}): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await store.find<T>(collection, { filter, limit: PAGE, cursor });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return all;
}
