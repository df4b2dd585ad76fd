import { incidentStream, type IncidentEvent } from '@itsm/domain';
import { replay } from '../testing/replay';
import { incidentHistory } from '../testing/incident-history';
import { TestEventLog } from '../testing/test-event-log';
import type { IncidentDetailDocument } from './incident-detail-document';
import { incidentDetailProjection } from './incident-detail-projection';

/** Issue 9: what auditors ask first stays on the ticket, bounded: who ended it how, and how long it was held. */
const detailAfter = (log: TestEventLog): IncidentDetailDocument | undefined => replay(incidentDetailProjection, [log.events]).get('INC1');
const auditFields = (detail: IncidentDetailDocument | undefined) => {
  const { holdCount, resolutionCount, onHoldSince, totalHoldMs, resolvedAt, resolvedBy, closedBy, cancelledBy } = detail ?? ({} as IncidentDetailDocument);
  return { holdCount, resolutionCount, onHoldSince, totalHoldMs, resolvedAt, resolvedBy, closedBy, cancelledBy };
};

describe('incident detail: holds, resolutions and who ended them', () => {
  it('counts holds, knows when the current one started, and adds up the finished ones however they ended', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened(); // 09:00
    incident.putOnHold('awaiting_vendor'); // 09:01
    expect(auditFields(detailAfter(log))).toMatchObject({ holdCount: 1, onHoldSince: '2024-03-01T09:01:00.000Z', totalHoldMs: 0 });
    incident.resumed(); // 09:02: one minute
    expect(auditFields(detailAfter(log))).toMatchObject({ holdCount: 1, onHoldSince: null, totalHoldMs: 60_000 });
    incident.putOnHold('awaiting_caller'); // 09:03
    incident.workNoteAdded('still waiting'); // 09:04
    incident.resolved('solved_workaround', { actor: 'ann' }); // 09:05, straight from hold: two minutes more
    expect(auditFields(detailAfter(log))).toEqual({
      holdCount: 2, resolutionCount: 1, onHoldSince: null, totalHoldMs: 180_000,
      resolvedAt: '2024-03-01T09:05:00.000Z', resolvedBy: 'ann', closedBy: null, cancelledBy: null,
    });
    incident.reopened(1, { actor: 'bob' }); // 09:06
    incident.putOnHold('awaiting_change'); // 09:07
    incident.cancelled('duplicate', { actor: 'cy' }); // 09:08, from hold: one minute more
    expect(auditFields(detailAfter(log))).toEqual({
      holdCount: 3, resolutionCount: 1, onHoldSince: null, totalHoldMs: 240_000,
      resolvedAt: null, resolvedBy: null, closedBy: null, cancelledBy: 'cy',
    });
  });

  it('keeps who resolved the standing resolution (not the reopened one) and who closed it', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    incident.resolved('solved_workaround', { actor: 'ann' });
    incident.reopened(1, { actor: 'caller.jones' });
    expect(auditFields(detailAfter(log))).toMatchObject({ resolutionCount: 1, resolvedAt: null, resolvedBy: null });
    incident.resolved('solved_permanently', { actor: 'cy' }); // 09:03
    incident.closed({ actor: 'system' });
    expect(auditFields(detailAfter(log))).toEqual({
      holdCount: 0, resolutionCount: 2, onHoldSince: null, totalHoldMs: 0,
      resolvedAt: '2024-03-01T09:03:00.000Z', resolvedBy: 'cy', closedBy: 'system', cancelledBy: null,
    });
  });

  it('counts and times holds and resolutions recorded before they were numbered (schema version 1) the same', () => {
    const numbered = new TestEventLog();
    const incident = incidentHistory(numbered, 'INC1');
    incident.opened();
    incident.putOnHold();
    incident.resumed();
    incident.putOnHold();
    incident.resolved();
    incident.reopened(1);
    incident.resolved();
    // The same history as an older log holds it: no numbers.
    const older = new TestEventLog();
    for (const event of numbered.events) {
      const { holdNumber, resolutionNumber, ...data } = event.data as Record<string, unknown>;
      void holdNumber;
      void resolutionNumber;
      older.record(incidentStream('INC1'), { type: event.type, data } as IncidentEvent);
    }
    expect(JSON.stringify(older.events)).not.toMatch(/Number/);
    expect(detailAfter(older)).toEqual(detailAfter(numbered));
    expect(auditFields(detailAfter(older))).toMatchObject({ holdCount: 2, resolutionCount: 2, totalHoldMs: 120_000 });
  });
});
