import type { ReadStore } from '@itsm/read-store';
import { incidentHistory } from '../testing/incident-history';
import { readStoreAfter } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { workQueuesProjection } from './work-queues-projection';
import { findAssigneeQueue, findGroupQueue, findUnassignedQueue } from './work-queues-queries';

/** Opened in this order (so A is oldest); priorities and assignments chosen to interleave. */
async function queues(): Promise<ReadStore> {
  const log = new TestEventLog();
  const open = (id: string, priority: 1 | 2 | 3 | 4, assignmentGroup: string | null) => {
    const incident = incidentHistory(log, id);
    incident.opened({ priority, assignmentGroup });
    return incident;
  };
  open('A', 3, 'network');
  open('B', 1, 'network').assigned('network', 'ann');
  open('C', 3, 'network').assigned('network', 'ann');
  open('D', 1, 'desktop');
  open('E', 2, 'network').resolved();
  open('F', 1, 'network');
  open('G', 4, null);
  open('H', 2, 'network').putOnHold();
  open('I', 1, 'desktop').assigned('desktop', 'ann');
  open('J', 1, 'network').cancelled();
  return readStoreAfter(workQueuesProjection, log.events);
}

const idsOf = (page: { items: readonly { id: string }[] }): string[] => page.items.map((item) => item.id);

describe('work queue queries', () => {
  let store: ReadStore;
  beforeEach(async () => (store = await queues()));

  it("lists a group's active incidents by priority, then age", async () => {
    expect(idsOf(await findGroupQueue(store, 'network', { limit: 10 }))).toEqual(['B', 'F', 'H', 'A', 'C']);
    expect(idsOf(await findGroupQueue(store, 'desktop', { limit: 10 }))).toEqual(['D', 'I']);
  });

  it('lists active incidents nobody has picked up, in every group or one', async () => {
    expect(idsOf(await findUnassignedQueue(store, {}, { limit: 10 }))).toEqual(['D', 'F', 'H', 'A', 'G']);
    expect(idsOf(await findUnassignedQueue(store, { assignmentGroup: 'network' }, { limit: 10 }))).toEqual(['F', 'H', 'A']);
  });

  it('narrows any queue by status and priority, each one value or several', async () => {
    expect(idsOf(await findGroupQueue(store, 'network', { limit: 10 }, { priority: [1, 2] }))).toEqual(['B', 'F', 'H']);
    expect(idsOf(await findGroupQueue(store, 'network', { limit: 10 }, { status: ['on_hold'], priority: 2 }))).toEqual(['H']);
    expect(idsOf(await findUnassignedQueue(store, { assignmentGroup: ['network', 'desktop'], priority: 1 }, { limit: 10 }))).toEqual(['D', 'F']);
    expect(idsOf(await findAssigneeQueue(store, 'ann', { limit: 10 }, { priority: [3] }))).toEqual(['C']);
  });

  it("lists one person's active incidents across groups", async () => {
    expect(idsOf(await findAssigneeQueue(store, 'ann', { limit: 10 }))).toEqual(['B', 'I', 'C']);
    expect(idsOf(await findAssigneeQueue(store, 'nobody', { limit: 10 }))).toEqual([]);
  });

  it('pages through a queue with the cursor', async () => {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page = await findGroupQueue(store, 'network', { limit: 2, cursor });
      pages.push(idsOf(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([['B', 'F'], ['H', 'A'], ['C']]);
  });
});
