import { InvalidCursorError, type ReadStore } from '@itsm/read-store';
import { incidentHistory } from '../testing/incident-history';
import { readStoreAfter } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { incidentDetailProjection } from './incident-detail-projection';
import { countIncidents, getIncident, listIncidents } from './incident-detail-queries';

/**
 * INC-A P3 oldest · INC-B P1 · INC-C P3 · INC-D P1 on hold · INC-E P2 resolved · INC-F P1 newest,
 * network except C and E (desktop).
 */
async function serviceDesk(): Promise<ReadStore> {
  const log = new TestEventLog();
  const open = (id: string, priority: 1 | 2 | 3, assignmentGroup: string) => {
    const incident = incidentHistory(log, id);
    incident.opened({ priority, assignmentGroup });
    return incident;
  };
  open('INC-A', 3, 'network');
  open('INC-B', 1, 'network');
  open('INC-C', 3, 'desktop');
  open('INC-D', 1, 'network').putOnHold();
  open('INC-E', 2, 'desktop').resolved();
  open('INC-F', 1, 'network');
  return readStoreAfter(incidentDetailProjection, log.events);
}

const idsOf = (page: { items: readonly { id: string }[] }): string[] => page.items.map((item) => item.id);

describe('incident detail queries', () => {
  let store: ReadStore;
  beforeEach(async () => (store = await serviceDesk()));

  it('gets one incident, or null', async () => {
    expect(await getIncident(store, 'INC-D')).toMatchObject({ id: 'INC-D', status: 'on_hold' });
    expect(await getIncident(store, 'INC-404')).toBeNull();
  });

  it('lists by priority, then oldest first', async () => {
    expect(idsOf(await listIncidents(store, { limit: 10 }))).toEqual(['INC-B', 'INC-D', 'INC-F', 'INC-E', 'INC-A', 'INC-C']);
  });

  it('filters by status (one or several), group and priority', async () => {
    expect(idsOf(await listIncidents(store, { status: 'new', limit: 10 }))).toEqual(['INC-B', 'INC-F', 'INC-A', 'INC-C']);
    expect(idsOf(await listIncidents(store, { status: ['on_hold', 'resolved'], limit: 10 }))).toEqual(['INC-D', 'INC-E']);
    expect(idsOf(await listIncidents(store, { assignmentGroup: 'desktop', limit: 10 }))).toEqual(['INC-E', 'INC-C']);
    expect(idsOf(await listIncidents(store, { priority: 1, status: 'new', assignmentGroup: 'network', limit: 10 }))).toEqual(['INC-B', 'INC-F']);
    expect(idsOf(await listIncidents(store, { priority: [2, 3], limit: 10 }))).toEqual(['INC-E', 'INC-A', 'INC-C']);
  });

  it('pages with the cursor, each incident once', async () => {
    const first = await listIncidents(store, { limit: 4 });
    const second = await listIncidents(store, { limit: 4, cursor: first.nextCursor });
    expect(idsOf(first)).toEqual(['INC-B', 'INC-D', 'INC-F', 'INC-E']);
    expect(idsOf(second)).toEqual(['INC-A', 'INC-C']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not make', async () => {
    await expect(listIncidents(store, { limit: 2, cursor: 'bogus' })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('counts with the same filters', async () => {
    expect(await countIncidents(store)).toBe(6);
    expect(await countIncidents(store, { status: ['new', 'on_hold'], assignmentGroup: 'network' })).toBe(4);
  });
});
