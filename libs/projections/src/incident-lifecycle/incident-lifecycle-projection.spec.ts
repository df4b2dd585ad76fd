import { incidentStream, type IncidentEvent } from '@itsm/domain';
import { incidentHistory } from '../testing/incident-history';
import { replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { evolveIncidentLifecycleEntry, incidentLifecycleProjection } from './incident-lifecycle-projection';

const entriesAfter = (log: TestEventLog) => replay(incidentLifecycleProjection, [log.events]);
const T = (minute: number) => `2024-03-01T09:${String(minute).padStart(2, '0')}:00.000Z`;

describe('incident lifecycle projection: every hold and every resolution', () => {
  it('keeps each hold and each resolution as its own document, from start to end, whatever ended it', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened(); // 09:00
    const hold1 = incident.putOnHold('awaiting_vendor', 'case 42', { actor: 'ann' }); // 09:01
    incident.resumed({ actor: 'bob' }); // 09:02
    const hold2 = incident.putOnHold('awaiting_caller', null, { actor: 'ann' }); // 09:03
    const first = incident.resolved('solved_workaround', { actor: 'cy' }); // 09:04, from hold 2
    incident.reopened(1, { actor: 'caller.jones' }); // 09:05
    incident.workNoteAdded('looking again'); // 09:06
    const hold3 = incident.putOnHold('awaiting_change', null, { actor: 'ann' }, { kind: 'change', reference: 'CHG0030012' }); // 09:07
    const second = incident.resolved('solved_permanently', { actor: 'cy' }); // 09:08, from hold 3
    const closed = incident.closed({ actor: 'system' }); // 09:09
    const hold = { incidentId: 'INC1', kind: 'hold', startedBy: 'ann', startSeen: true };
    const resolution = { incidentId: 'INC1', kind: 'resolution', resolvedBy: 'cy', resolutionNotes: 'Restarted the service' };
    expect([...entriesAfter(log).values()]).toEqual([
      {
        ...hold, id: 'INC1:hold:1', _position: log.events[2]!.position, number: 1, revision: 1, position: hold1.position,
        reason: 'awaiting_vendor', note: 'case 42', awaiting: null, startedAt: T(1), endedAt: T(2), endedBy: 'bob', endedWith: 'resumed', durationMs: 60_000,
      },
      {
        ...hold, id: 'INC1:hold:2', _position: first.position, number: 2, revision: 3, position: hold2.position,
        reason: 'awaiting_caller', note: null, awaiting: null, startedAt: T(3), endedAt: T(4), endedBy: 'cy', endedWith: 'resolved', durationMs: 60_000,
      },
      {
        ...resolution, id: 'INC1:resolution:1', _position: log.events[5]!.position, number: 1, revision: 4, position: first.position,
        resolutionCode: 'solved_workaround', resolvedAt: T(4), outcome: 'reopened',
        reopenedAt: T(5), reopenedBy: 'caller.jones', reopenReason: 'still broken', closedAt: null, closedBy: null,
      },
      {
        ...hold, id: 'INC1:hold:3', _position: second.position, number: 3, revision: 7, position: hold3.position,
        reason: 'awaiting_change', note: null, awaiting: { kind: 'change', reference: 'CHG0030012' }, startedAt: T(7), endedAt: T(8), endedBy: 'cy', endedWith: 'resolved', durationMs: 60_000,
      },
      {
        ...resolution, id: 'INC1:resolution:2', _position: closed.position, number: 2, revision: 8, position: second.position,
        resolutionCode: 'solved_permanently', resolvedAt: T(8), outcome: 'closed',
        reopenedAt: null, reopenedBy: null, reopenReason: null, closedAt: T(9), closedBy: 'system',
      },
    ]);
  });

  it('shows a running hold and a standing resolution as open, and a hold ended by cancelling as cancelled', () => {
    const log = new TestEventLog();
    incidentHistory(log, 'INC1').opened(); // 09:00
    incidentHistory(log, 'INC1').putOnHold('awaiting_vendor'); // 09:01
    incidentHistory(log, 'INC2').opened(); // 09:02
    incidentHistory(log, 'INC2').resolved(); // 09:03
    expect(entriesAfter(log).get('INC1:hold:1')).toMatchObject({ startedAt: T(1), endedAt: null, endedBy: null, endedWith: null, durationMs: null });
    expect(entriesAfter(log).get('INC2:resolution:1')).toMatchObject({ outcome: null, reopenedAt: null, closedAt: null, closedBy: null });
    incidentHistory(log, 'INC1').cancelled('duplicate', { actor: 'lead.lee' }); // 09:04
    expect(entriesAfter(log).get('INC1:hold:1')).toMatchObject({ endedAt: T(4), endedBy: 'lead.lee', endedWith: 'cancelled', durationMs: 180_000 });
  });

  it('writes nothing for the rest of an incident’s history, nor for a resolution or cancellation with no hold running', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    incident.assigned('network', 'ann');
    incident.workNoteAdded('a note');
    incident.reclassified(1, 1, 1, 3);
    incidentHistory(log, 'INC2').opened();
    incidentHistory(log, 'INC2').cancelled();
    expect(entriesAfter(log).size).toBe(0);
    incident.resolved();
    expect([...entriesAfter(log).keys()]).toEqual(['INC1:resolution:1']);
  });

  it('leaves out holds and resolutions recorded before they were numbered (schema version 1), without failing or guessing', () => {
    const log = new TestEventLog();
    const older = (type: IncidentEvent['type'], data: object) => log.record(incidentStream('INC1'), { type, data: { incidentId: 'INC1', ...data } });
    incidentHistory(log, 'INC1').opened();
    older('IncidentPutOnHold', { reason: 'awaiting_caller', note: null });
    older('IncidentResumed', {});
    older('IncidentPutOnHold', { reason: 'awaiting_vendor', note: null });
    older('IncidentResolved', { resolutionCode: 'duplicate', resolutionNotes: 'x' });
    older('IncidentReopened', { reason: 'no', reopenCount: 1 });
    expect(entriesAfter(log).size).toBe(0);
    // After the upgrade: an end naming a hold whose start carried no number finds nothing to complete.
    const incident = incidentHistory(log, 'INC1');
    incident.putOnHold('awaiting_change'); // hold 3, numbered
    incident.resumed(); // names hold 3
    incident.resolved(); // resolution 2
    expect([...entriesAfter(log).values()].map((entry) => [entry.id, entry.number])).toEqual([['INC1:hold:3', 3], ['INC1:resolution:2', 2]]);
    log.record(incidentStream('INC1'), { type: 'IncidentResumed', data: { incidentId: 'INC1', holdNumber: 2 } });
    expect(entriesAfter(log).has('INC1:hold:2')).toBe(false);
  });

  it('never changes a start or an ending once kept: another event naming the same entry leaves it as it is', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    const held = incident.putOnHold();
    const resumed = incident.resumed({ actor: 'ann' });
    incident.resolved();
    const closed = incident.closed({ actor: 'system' });
    const entries = entriesAfter(log);
    const hold = entries.get('INC1:hold:1')!;
    const resolution = entries.get('INC1:resolution:1')!;
    const laterEnd = { ...resumed, type: 'IncidentCancelled', data: { incidentId: 'INC1', reason: 'x', holdNumber: 1 }, metadata: { ...resumed.metadata, actor: 'mallory' } };
    expect(evolveIncidentLifecycleEntry(hold, laterEnd as never, hold.id)).toEqual(hold);
    const laterReopen = { ...closed, type: 'IncidentReopened', data: { incidentId: 'INC1', reason: 'x', reopenCount: 1, resolutionNumber: 1 } };
    expect(evolveIncidentLifecycleEntry(resolution, laterReopen as never, resolution.id)).toEqual(resolution);
    const heldAgain = { ...held, data: { ...(held.data as object), reason: 'awaiting_change' }, metadata: { ...held.metadata, actor: 'mallory' } };
    expect(evolveIncidentLifecycleEntry(hold, heldAgain as never, hold.id)).toEqual(hold);
    const resolvedAgain = { ...closed, type: 'IncidentResolved', data: { incidentId: 'INC1', resolutionCode: 'duplicate', resolutionNotes: 'x', resolutionNumber: 1, holdNumber: null } };
    expect(evolveIncidentLifecycleEntry(resolution, resolvedAgain as never, resolution.id)).toEqual(resolution);
  });
});
