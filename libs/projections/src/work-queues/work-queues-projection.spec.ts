import { replay } from '../testing/replay';
import { incidentHistory } from '../testing/incident-history';
import { TestEventLog } from '../testing/test-event-log';
import type { WorkQueueItem } from './work-queue-item';
import { workQueuesProjection } from './work-queues-projection';

const itemAfter = (log: TestEventLog, id = 'INC1'): WorkQueueItem | undefined => replay(workQueuesProjection, [log.events]).get(id);

describe('work queues projection', () => {
  it('puts an opened incident in the queues, unassigned, with its number', () => {
    const log = new TestEventLog();
    const opened = incidentHistory(log, 'INC1').opened({ priority: 2, assignmentGroup: 'network', title: 'VPN down', number: 'INC0010001' });
    expect(itemAfter(log)).toEqual({
      id: 'INC1',
      number: 'INC0010001',
      _position: opened.position,
      title: 'VPN down',
      priority: 2,
      status: 'new',
      assignmentGroup: 'network',
      assignee: null,
      openedAt: '2024-03-01T09:00:00.000Z',
      updatedAt: '2024-03-01T09:00:00.000Z',
      active: true,
    });
  });

  it('follows assignment, reassignment, priority and last activity', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    incident.assigned('network', 'ann');
    expect(itemAfter(log)).toMatchObject({ assignmentGroup: 'network', assignee: 'ann', status: 'in_progress' });
    incident.reassigned({ assignmentGroup: 'desktop', assignee: null, previousAssignmentGroup: 'network', previousAssignee: 'ann', reason: 'wrong team', reassignmentCount: 1 });
    incident.reclassified(1, 1, 1, 3);
    incident.workNoteAdded('looking');
    expect(itemAfter(log)).toMatchObject({ assignmentGroup: 'desktop', assignee: null, priority: 1, updatedAt: '2024-03-01T09:04:00.000Z' });
  });

  it('stays active on hold, leaves the queues when resolved and comes back when reopened', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    incident.putOnHold();
    expect(itemAfter(log)).toMatchObject({ status: 'on_hold', active: true });
    incident.resolved();
    expect(itemAfter(log)).toMatchObject({ status: 'resolved', active: false });
    incident.reopened(1);
    expect(itemAfter(log)).toMatchObject({ status: 'in_progress', active: true });
  });

  it('keeps closed and cancelled incidents as inactive tombstones that nothing revives', () => {
    const log = new TestEventLog();
    incidentHistory(log, 'INC1').opened();
    incidentHistory(log, 'INC1').resolved();
    incidentHistory(log, 'INC1').closed();
    incidentHistory(log, 'INC2').opened();
    incidentHistory(log, 'INC2').cancelled();
    incidentHistory(log, 'INC2').assigned('network', 'ann');
    const items = replay(workQueuesProjection, [log.events]);
    expect(items.get('INC1')).toMatchObject({ status: 'closed', active: false });
    expect(items.get('INC2')).toMatchObject({ status: 'cancelled', active: false, assignee: null });
    // The opening re-delivered after the tombstone leaves it as it is.
    expect(replay(workQueuesProjection, [[log.events[0]!]], items).get('INC1')).toEqual(items.get('INC1'));
  });

  it('leaves exactly this item after hold, resumption, reassignment, reclassification and a comment', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened({ priority: 3, assignmentGroup: 'network', title: 'VPN down' }); // 09:00
    incident.assigned('network', 'ann'); // 09:01
    incident.putOnHold(); // 09:02
    incident.resumed(); // 09:03
    incident.reassigned({ assignmentGroup: 'desktop', assignee: null, previousAssignmentGroup: 'network', previousAssignee: 'ann', reason: 'wrong team', reassignmentCount: 1 }); // 09:04
    incident.reclassified(1, 2, 2, 3); // 09:05
    const comment = incident.commentAdded('on it'); // 09:06
    expect(itemAfter(log)).toEqual({
      id: 'INC1', number: null, _position: comment.position, title: 'VPN down', priority: 2, status: 'in_progress', assignmentGroup: 'desktop', assignee: null,
      openedAt: '2024-03-01T09:00:00.000Z', updatedAt: '2024-03-01T09:06:00.000Z', active: true,
    });
  });
});
