import { incidentHistory } from '../testing/incident-history';
import { replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { evolveIncidentNote, incidentNotesProjection } from './incident-notes-projection';

const notesAfter = (log: TestEventLog) => replay(incidentNotesProjection, [log.events]);

describe('incident notes projection', () => {
  it('keeps each work note and comment as its own document, with author, time, revision and position', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    const note = incident.workNoteAdded('checked the logs', { actor: 'ann' });
    const comment = incident.commentAdded('we are on it', { actor: 'bob' });
    expect([...notesAfter(log).values()]).toEqual([
      {
        id: 'INC1:1', _position: note.position, incidentId: 'INC1', kind: 'work_note', text: 'checked the logs',
        author: 'ann', at: '2024-03-01T09:01:00.000Z', revision: 1, position: note.position,
      },
      {
        id: 'INC1:2', _position: comment.position, incidentId: 'INC1', kind: 'comment', text: 'we are on it',
        author: 'bob', at: '2024-03-01T09:02:00.000Z', revision: 2, position: comment.position,
      },
    ]);
  });

  it('writes nothing for the rest of an incident’s history', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    incident.assigned('network', 'ann');
    incident.putOnHold('awaiting_vendor', 'a note on the hold is not a work note');
    incident.resolved();
    expect(notesAfter(log).size).toBe(0);
  });

  it('keeps incidents apart: the same revision of two incidents is two notes', () => {
    const log = new TestEventLog();
    incidentHistory(log, 'INC1').opened();
    incidentHistory(log, 'INC2').opened();
    incidentHistory(log, 'INC1').workNoteAdded('one');
    incidentHistory(log, 'INC2').workNoteAdded('two');
    const notes = notesAfter(log);
    expect(notes.get('INC1:1')).toMatchObject({ incidentId: 'INC1', text: 'one' });
    expect(notes.get('INC2:1')).toMatchObject({ incidentId: 'INC2', text: 'two' });
  });

  it('never changes a note once kept: an event naming it again leaves it as it is', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    const note = incident.workNoteAdded('checked the logs', { actor: 'ann' });
    const kept = notesAfter(log).get('INC1:1')!;
    const namingItAgain = { ...note, type: 'IncidentCommentAdded', data: { incidentId: 'INC1', text: 'rewritten' }, metadata: { ...note.metadata, actor: 'mallory' } };
    expect(evolveIncidentNote(kept, namingItAgain as never)).toEqual(kept);
  });
});
