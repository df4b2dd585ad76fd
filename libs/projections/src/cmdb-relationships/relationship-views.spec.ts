import { ciHistory } from '../configuration-items/testing/ci-test-history';
import { TestEventLog } from '../testing/test-event-log';
import { countRelationships, findRelationships, findRelationshipSummary, RELATIONSHIP_PREVIEW, type CiRelationshipView } from './relationship-views';
import { cmdbStoreAfter } from './testing/cmdb-store';
import type { ReadStore } from '@itsm/read-store';

/** A core switch 45 servers depend on (one of them removed again), itself running in a rack and connected to a router. */
function coreNetwork(): TestEventLog {
  const log = new TestEventLog();
  ciHistory(log, 'SWITCH').registered({ ciClass: 'network_device' });
  for (let i = 0; i < 45; i++) ciHistory(log, `srv-${i.toString().padStart(2, '0')}`).related('depends_on', 'SWITCH');
  ciHistory(log, 'srv-07').unrelated('depends_on', 'SWITCH');
  ciHistory(log, 'SWITCH').related('contains', 'LINECARD');
  ciHistory(log, 'SWITCH').related('connects_to', 'ROUTER');
  return log;
}

async function allPages(store: ReadStore, ciId: string, direction: 'outgoing' | 'incoming', limit: number): Promise<CiRelationshipView[][]> {
  const pages: CiRelationshipView[][] = [];
  let cursor: string | null = null;
  do {
    const page = await findRelationships(store, ciId, direction, { limit, cursor });
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return pages;
}

describe('a CI’s relationships, a page at a time', () => {
  it('pages the incoming relationships by source, labelled as seen from the target, leaving out removed ones', async () => {
    const store = await cmdbStoreAfter(coreNetwork().events);
    const pages = await allPages(store, 'SWITCH', 'incoming', 20);
    expect(pages.map((page) => page.length)).toEqual([20, 20, 4]);
    const all = pages.flat();
    expect(all[0]).toEqual({ type: 'depends_on', direction: 'incoming', label: 'Used by', otherCiId: 'srv-00' });
    expect(all.map((view) => view.otherCiId)).not.toContain('srv-07');
    expect(new Set(all.map((view) => view.otherCiId)).size).toBe(44);
  });

  it('pages the outgoing relationships by type, then target', async () => {
    const store = await cmdbStoreAfter(coreNetwork().events);
    expect((await allPages(store, 'SWITCH', 'outgoing', 1)).flat()).toEqual([
      { type: 'connects_to', direction: 'outgoing', label: 'Connects to', otherCiId: 'ROUTER' },
      { type: 'contains', direction: 'outgoing', label: 'Contains', otherCiId: 'LINECARD' },
    ]);
    expect(await findRelationships(store, 'srv-01', 'outgoing', { limit: 5 })).toEqual({
      items: [{ type: 'depends_on', direction: 'outgoing', label: 'Depends on', otherCiId: 'SWITCH' }],
      nextCursor: null,
    });
  });

  it('counts both ways, and shows the first few each way beside the CI', async () => {
    const store = await cmdbStoreAfter(coreNetwork().events);
    expect(await countRelationships(store, 'SWITCH')).toEqual({ outgoing: 2, incoming: 44 });
    const summary = await findRelationshipSummary(store, 'SWITCH');
    expect(summary.relationshipCounts).toEqual({ outgoing: 2, incoming: 44 });
    expect(summary.relationships).toHaveLength(2 + RELATIONSHIP_PREVIEW);
    expect(await findRelationshipSummary(store, 'NOBODY')).toEqual({ relationships: [], relationshipCounts: { outgoing: 0, incoming: 0 } });
  });
});
