import { replay } from '../testing/replay';
import { incidentHistory } from '../testing/incident-history';
import { TestEventLog } from '../testing/test-event-log';
import type { IncidentDetailDocument } from './incident-detail-document';
import { incidentDetailProjection } from './incident-detail-projection';

/**
 * Issue 7: notes kept inside the ticket document made it grow with every note (16 MB after 2,000
 * notes of 8 KB), re-read and re-written on every batch. The ticket page must stay one small
 * document however long the incident's history; its notes are paged from their own read model.
 */
const EIGHT_KB = 'x'.repeat(8 * 1024);
const SMALL_DOCUMENT_BYTES = 2 * 1024;

const sizeOf = (document: IncidentDetailDocument | undefined): number => Buffer.byteLength(JSON.stringify(document));
const shapeOf = (document: IncidentDetailDocument | undefined): string[] => Object.keys(document ?? {}).sort();

describe('incident detail size', () => {
  it('stays the same small document after 1,000 notes of 8 KB as after one', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    incident.workNoteAdded(EIGHT_KB);
    incident.commentAdded(EIGHT_KB);
    const afterOne = replay(incidentDetailProjection, [log.events]).get('INC1');

    for (let i = 0; i < 500; i++) {
      incident.workNoteAdded(EIGHT_KB);
      incident.commentAdded(EIGHT_KB);
    }
    const afterThousand = replay(incidentDetailProjection, [log.events]).get('INC1');

    expect(afterThousand).toMatchObject({ workNoteCount: 501, commentCount: 501 });
    expect(sizeOf(afterThousand)).toBeLessThan(SMALL_DOCUMENT_BYTES);
    expect(shapeOf(afterThousand)).toEqual(shapeOf(afterOne));
    // Only counts, revisions and positions grow, by a few digits.
    expect(sizeOf(afterThousand) - sizeOf(afterOne)).toBeLessThan(32);
  });

  it('stays the same small document after 500 holds and 500 resolutions as after one of each (issue 9)', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    const cycle = (reopenCount: number) => {
      incident.putOnHold('awaiting_vendor', EIGHT_KB.slice(0, 500));
      incident.resumed();
      incident.resolved();
      incident.reopened(reopenCount);
    };
    cycle(1);
    const afterOne = replay(incidentDetailProjection, [log.events]).get('INC1');
    for (let i = 2; i <= 500; i++) cycle(i);
    const afterMany = replay(incidentDetailProjection, [log.events]).get('INC1');

    expect(afterMany).toMatchObject({ holdCount: 500, resolutionCount: 500, reopenCount: 500 });
    expect(shapeOf(afterMany)).toEqual(shapeOf(afterOne));
    expect(sizeOf(afterMany) - sizeOf(afterOne)).toBeLessThan(48);
  });
});
