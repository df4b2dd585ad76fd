import { InvalidCursorError, type ReadStore } from '@itsm/read-store';
import { incidentHistory } from '../testing/incident-history';
import { readStoreAfter } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { incidentLifecycleProjection } from './incident-lifecycle-projection';
import { findIncidentHolds, findIncidentResolutions } from './incident-lifecycle-queries';

/** INC1: five holds and three resolutions, interleaved; INC2: one hold of its own. */
async function twiceReopened(): Promise<ReadStore> {
  const log = new TestEventLog();
  const incident = incidentHistory(log, 'INC1');
  const other = incidentHistory(log, 'INC2');
  incident.opened();
  other.opened();
  for (let round = 1; round <= 3; round++) {
    incident.putOnHold();
    incident.resumed();
    if (round === 2) other.putOnHold();
    if (round < 3) incident.putOnHold();
    incident.resolved();
    if (round < 3) incident.reopened(round);
  }
  return readStoreAfter(incidentLifecycleProjection, log.events);
}

const numbersOf = (page: { items: readonly { number: number }[] }): number[] => page.items.map((entry) => entry.number);

describe('incident lifecycle queries', () => {
  let store: ReadStore;
  beforeEach(async () => (store = await twiceReopened()));

  it('reads one incident’s holds apart from its resolutions, the first first', async () => {
    expect(numbersOf(await findIncidentHolds(store, 'INC1', { limit: 10 }))).toEqual([1, 2, 3, 4, 5]);
    expect(numbersOf(await findIncidentResolutions(store, 'INC1', { limit: 10 }))).toEqual([1, 2, 3]);
    expect((await findIncidentHolds(store, 'INC2', { limit: 10 })).items).toEqual([expect.objectContaining({ incidentId: 'INC2', number: 1, kind: 'hold' })]);
    expect((await findIncidentResolutions(store, 'INC3', { limit: 10 })).items).toEqual([]);
  });

  it('pages either way with the cursor, each entry once', async () => {
    const first = await findIncidentHolds(store, 'INC1', { limit: 2 });
    const second = await findIncidentHolds(store, 'INC1', { limit: 2, cursor: first.nextCursor });
    const third = await findIncidentHolds(store, 'INC1', { limit: 2, cursor: second.nextCursor });
    expect([numbersOf(first), numbersOf(second), numbersOf(third)]).toEqual([[1, 2], [3, 4], [5]]);
    expect(third.nextCursor).toBeNull();
    const newest = await findIncidentResolutions(store, 'INC1', { limit: 2, order: 'desc' });
    const older = await findIncidentResolutions(store, 'INC1', { limit: 2, order: 'desc', cursor: newest.nextCursor });
    expect([numbersOf(newest), numbersOf(older)]).toEqual([[3, 2], [1]]);
  });

  it('refuses a cursor made for the other order', async () => {
    const oldestFirst = await findIncidentHolds(store, 'INC1', { limit: 2 });
    await expect(findIncidentHolds(store, 'INC1', { limit: 2, order: 'desc', cursor: oldestFirst.nextCursor })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
