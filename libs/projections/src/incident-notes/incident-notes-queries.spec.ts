import { InvalidCursorError, type ReadStore } from '@itsm/read-store';
import { incidentHistory } from '../testing/incident-history';
import { readStoreAfter } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { incidentNotesProjection } from './incident-notes-projection';
import { findIncidentNotes } from './incident-notes-queries';

/** INC1: work notes w1…w5 with comments c1, c2 between them; INC2: one work note of its own. */
async function busyIncident(): Promise<ReadStore> {
  const log = new TestEventLog();
  const incident = incidentHistory(log, 'INC1');
  incident.opened();
  incidentHistory(log, 'INC2').opened();
  incident.workNoteAdded('w1');
  incident.commentAdded('c1');
  incident.workNoteAdded('w2');
  incidentHistory(log, 'INC2').workNoteAdded('other incident');
  incident.workNoteAdded('w3');
  incident.commentAdded('c2');
  incident.workNoteAdded('w4');
  incident.workNoteAdded('w5');
  return readStoreAfter(incidentNotesProjection, log.events);
}

const textsOf = (page: { items: readonly { text: string }[] }): string[] => page.items.map((note) => note.text);

describe('incident notes queries', () => {
  let store: ReadStore;
  beforeEach(async () => (store = await busyIncident()));

  it('reads one incident’s work notes apart from its comments, oldest first', async () => {
    expect(textsOf(await findIncidentNotes(store, 'INC1', 'work_note', { limit: 10 }))).toEqual(['w1', 'w2', 'w3', 'w4', 'w5']);
    expect(textsOf(await findIncidentNotes(store, 'INC1', 'comment', { limit: 10 }))).toEqual(['c1', 'c2']);
    expect(textsOf(await findIncidentNotes(store, 'INC3', 'work_note', { limit: 10 }))).toEqual([]);
  });

  it('pages oldest first with the cursor, each note once', async () => {
    const first = await findIncidentNotes(store, 'INC1', 'work_note', { limit: 2 });
    const second = await findIncidentNotes(store, 'INC1', 'work_note', { limit: 2, cursor: first.nextCursor });
    const third = await findIncidentNotes(store, 'INC1', 'work_note', { limit: 2, cursor: second.nextCursor });
    expect([textsOf(first), textsOf(second), textsOf(third)]).toEqual([['w1', 'w2'], ['w3', 'w4'], ['w5']]);
    expect(third.nextCursor).toBeNull();
  });

  it('pages newest first when asked', async () => {
    const first = await findIncidentNotes(store, 'INC1', 'work_note', { limit: 3, order: 'desc' });
    const second = await findIncidentNotes(store, 'INC1', 'work_note', { limit: 3, order: 'desc', cursor: first.nextCursor });
    expect([textsOf(first), textsOf(second)]).toEqual([['w5', 'w4', 'w3'], ['w2', 'w1']]);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor made for the other order', async () => {
    const oldestFirst = await findIncidentNotes(store, 'INC1', 'work_note', { limit: 2 });
    await expect(findIncidentNotes(store, 'INC1', 'work_note', { limit: 2, order: 'desc', cursor: oldestFirst.nextCursor })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
  });
});
