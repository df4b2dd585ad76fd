import type { Filter, Page, ReadStore } from '@itsm/read-store/port';
import { CHANGE_CONFLICT_MENTIONS_KEY, type ConflictMentionDocument } from './conflict-mention-document';

const PAGE = 500;

/**
 * Every schedule of another change that named this one, in log order, up to and including the
 * position `upTo` (every one when null).
 */
export async function conflictMentionsOf(store: ReadStore, changeId: string, upTo: string | null): Promise<ConflictMentionDocument[]> {
  const filter: Filter = upTo === null ? { changeId } : { changeId, _position: { $lte: upTo } };
  const found: ConflictMentionDocument[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<ConflictMentionDocument> = await store.find<ConflictMentionDocument>(CHANGE_CONFLICT_MENTIONS_KEY, { filter, sort: [{ field: '_position', direction: 'asc' }], limit: PAGE, cursor });
    found.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return found;
}
