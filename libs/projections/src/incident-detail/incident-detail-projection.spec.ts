import { incidentStream } from '@itsm/domain';
import { replay } from '../testing/replay';
import { incidentHistory } from '../testing/incident-history';
import { TestEventLog } from '../testing/test-event-log';
import type { IncidentDetailDocument } from './incident-detail-document';
import { incidentDetailProjection } from './incident-detail-projection';

const detailAfter = (log: TestEventLog, id = 'INC1'): IncidentDetailDocument | undefined =>
  replay(incidentDetailProjection, [log.events]).get(id);

describe('incident detail projection', () => {
  it('opens a complete document, with its number and who opened it and when', () => {
    const log = new TestEventLog();
    const opened = incidentHistory(log, 'INC1').opened({ impact: 1, urgency: 2, priority: 2, assignmentGroup: 'network', configurationItemId: 'CI9', number: 'INC0010001' }, { actor: 'desk.amy' });
    expect(detailAfter(log)).toEqual({
      id: 'INC1',
      number: 'INC0010001',
      _position: opened.position,
      title: 'Incident INC1',
      description: 'The mail server does not answer',
      caller: 'caller.jones',
      category: 'email',
      subcategory: null,
      symptom: null,
      contactType: null,
      location: null,
      impact: 1,
      urgency: 2,
      priority: 2,
      priorityMatrixVersion: 'itil-default-2024.1',
      configurationItemId: 'CI9',
      assignmentGroup: 'network',
      assignee: null,
      status: 'new',
      holdReason: null,
      holdNote: null,
      holdAwaiting: null,
      resolutionCode: null,
      resolutionNotes: null,
      cancellationReason: null,
      reassignmentCount: 0,
      reopenCount: 0,
      holdCount: 0,
      resolutionCount: 0,
      onHoldSince: null,
      totalHoldMs: 0,
      workNoteCount: 0,
      commentCount: 0,
      lastWorkNoteAt: null,
      lastWorkNoteBy: null,
      lastCommentAt: null,
      lastCommentBy: null,
      openedAt: '2024-03-01T09:00:00.000Z',
      openedBy: 'desk.amy',
      updatedAt: '2024-03-01T09:00:00.000Z',
      updatedBy: 'desk.amy',
      resolvedAt: null,
      resolvedBy: null,
      closedAt: null,
      closedBy: null,
      cancelledAt: null,
      cancelledBy: null,
      revision: 0,
      source: null,
      workarounds: [],
      resolvedWithParent: null,
      majorStatus: null,
      majorReason: null,
      majorSince: null,
      childIds: [],
      parentId: null,
      review: null,
    });
  });

  it('keeps the workaround each problem published last, one per problem', () => {
    const log = new TestEventLog();
    incidentHistory(log, 'INC1').opened();
    const told = (problemId: string, workaround: string) => log.record(incidentStream('INC1'), { type: 'IncidentWorkaroundPublished', data: { incidentId: 'INC1', problemId, problemNumber: `PRB-${problemId}`, workaround } });
    told('P1', 'Restart the spooler');
    told('P2', 'Use webmail');
    const last = told('P1', 'Move the cron job');
    expect(detailAfter(log)?.workarounds).toEqual([
      { problemId: 'P2', problemNumber: 'PRB-P2', workaround: 'Use webmail', publishedAt: expect.any(String) },
      { problemId: 'P1', problemNumber: 'PRB-P1', workaround: 'Move the cron job', publishedAt: expect.any(String) },
    ]);
    expect(detailAfter(log)?._position).toBe(last.position);
  });

  it('drops the workaround of a problem that no longer links it', () => {
    const log = new TestEventLog();
    incidentHistory(log, 'INC1').opened();
    for (const problemId of ['P1', 'P2']) log.record(incidentStream('INC1'), { type: 'IncidentWorkaroundPublished', data: { incidentId: 'INC1', problemId, problemNumber: null, workaround: `w-${problemId}` } });
    log.record(incidentStream('INC1'), { type: 'IncidentWorkaroundWithdrawn', data: { incidentId: 'INC1', problemId: 'P1', problemNumber: null, reason: 'another cause' } });
    expect(detailAfter(log)?.workarounds.map((known) => known.problemId)).toEqual(['P2']);
  });

  it("names a child's parent from the child's own stream, and no longer once detached", () => {
    const log = new TestEventLog();
    incidentHistory(log, 'INC1').opened();
    log.record(incidentStream('INC1'), { type: 'IncidentAttachedToParent', data: { incidentId: 'INC1', parentId: 'INC9' } });
    expect(detailAfter(log)?.parentId).toBe('INC9');
    log.record(incidentStream('INC1'), { type: 'IncidentDetachedFromParent', data: { incidentId: 'INC1', parentId: 'INC9', reason: 'unrelated' } });
    expect(detailAfter(log)?.parentId).toBeNull();
  });

  it('follows assignment: a named assignee starts the work, a reassignment is counted', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    incident.assigned('network');
    expect(detailAfter(log)).toMatchObject({ assignmentGroup: 'network', assignee: null, status: 'new' });
    incident.assigned('network', 'ann', { actor: 'lead.lee' });
    expect(detailAfter(log)).toMatchObject({ assignee: 'ann', status: 'in_progress', updatedBy: 'lead.lee', revision: 2 });
    incident.reassigned({ assignmentGroup: 'desktop', assignee: null, previousAssignmentGroup: 'network', previousAssignee: 'ann', reason: 'wrong team', reassignmentCount: 1 });
    expect(detailAfter(log)).toMatchObject({ assignmentGroup: 'desktop', assignee: null, status: 'in_progress', reassignmentCount: 1 });
  });

  it('takes the priority and matrix version of a reclassification', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    incident.reclassified(1, 1, 1, 3);
    expect(detailAfter(log)).toMatchObject({ impact: 1, urgency: 1, priority: 1, priorityMatrixVersion: 'itil-default-2024.1' });
  });

  it('counts work notes and comments apart, with who wrote the latest of each and when, but not their text', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    incident.workNoteAdded('checked the logs', { actor: 'ann' });
    incident.commentAdded('we are on it', { actor: 'bob' });
    incident.workNoteAdded('restarting', { actor: 'cy' });
    const detail = detailAfter(log);
    expect(detail).toMatchObject({
      workNoteCount: 2,
      lastWorkNoteAt: '2024-03-01T09:03:00.000Z',
      lastWorkNoteBy: 'cy',
      commentCount: 1,
      lastCommentAt: '2024-03-01T09:02:00.000Z',
      lastCommentBy: 'bob',
      updatedBy: 'cy',
      revision: 3,
    });
    expect(JSON.stringify(detail)).not.toContain('restarting');
  });

  it('stays new after an assignment that did not start the work, until the work is started; one that started it (recorded before schema version 5) moves it into progress', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    log.record('incident-INC1', { type: 'IncidentAssigned', data: { incidentId: 'INC1', assignmentGroup: 'network', assignee: 'ann', startedWork: false } });
    expect(detailAfter(log)).toMatchObject({ status: 'new', assignee: 'ann' });
    incident.workStarted();
    expect(detailAfter(log)).toMatchObject({ status: 'in_progress', assignee: 'ann' });
    const older = new TestEventLog();
    incidentHistory(older, 'INC1').opened();
    incidentHistory(older, 'INC1').assigned('network', 'ann');
    expect(detailAfter(older)).toMatchObject({ status: 'in_progress' });
  });

  it('goes back to new when a hold begun before the work started is resumed (an older resume went to in progress)', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    incident.putOnHold('awaiting_caller');
    log.record('incident-INC1', { type: 'IncidentResumed', data: { incidentId: 'INC1', holdNumber: 1, resumesTo: 'new' } });
    expect(detailAfter(log)).toMatchObject({ status: 'new', holdReason: null });
    incident.putOnHold('awaiting_caller');
    incident.resumed();
    expect(detailAfter(log)).toMatchObject({ status: 'in_progress' });
  });

  it('takes each edited detail’s new value, leaving the others', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened({ subcategory: 'smtp' });
    incident.edited({ category: { from: 'email', to: 'network' }, subcategory: { from: 'smtp', to: null }, location: { from: null, to: 'Berlin' } }, { actor: 'ann' });
    expect(detailAfter(log)).toMatchObject({ category: 'network', subcategory: null, location: 'Berlin', symptom: null, title: 'Incident INC1', updatedBy: 'ann', revision: 1 });
  });

  it('goes on hold with the reason and resumes without it', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    incident.assigned('network', 'ann');
    incident.putOnHold('awaiting_vendor', 'ticket #42 with the vendor', {}, { kind: 'vendor_ticket', reference: 'TAC 42' });
    expect(detailAfter(log)).toMatchObject({ status: 'on_hold', holdReason: 'awaiting_vendor', holdNote: 'ticket #42 with the vendor', holdAwaiting: { kind: 'vendor_ticket', reference: 'TAC 42' } });
    incident.resumed();
    expect(detailAfter(log)).toMatchObject({ status: 'in_progress', holdReason: null, holdNote: null, holdAwaiting: null });
  });

  it('records resolution, reopening (which clears it) and closure with their times', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    incident.assigned('network', 'ann');
    incident.resolved('solved_workaround');
    expect(detailAfter(log)).toMatchObject({ status: 'resolved', resolutionCode: 'solved_workaround', resolvedAt: '2024-03-01T09:02:00.000Z' });
    incident.reopened(1);
    expect(detailAfter(log)).toMatchObject({ status: 'in_progress', reopenCount: 1, resolutionCode: null, resolutionNotes: null, resolvedAt: null });
    incident.resolved();
    incident.closed({ actor: 'system' });
    expect(detailAfter(log)).toMatchObject({ status: 'closed', closedAt: '2024-03-01T09:05:00.000Z', updatedBy: 'system', revision: 5, assignee: 'ann' });
  });

  it('records a cancellation with its reason, and nothing changes after a terminal status', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    incident.cancelled('raised twice');
    const cancelled = detailAfter(log);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancellationReason: 'raised twice', cancelledAt: '2024-03-01T09:01:00.000Z' });
    incident.commentAdded('too late');
    expect(detailAfter(log)).toEqual({ ...cancelled, _position: log.events[2]?.position });
  });

  it('ignores facts about an incident it never saw opened', () => {
    const log = new TestEventLog();
    incidentHistory(log, 'INC9').assigned('network', 'ann');
    expect(detailAfter(log, 'INC9')).toBeUndefined();
  });

  it('keeps incidents apart', () => {
    const log = new TestEventLog();
    incidentHistory(log, 'INC1').opened({ title: 'one' });
    incidentHistory(log, 'INC2').opened({ title: 'two' });
    incidentHistory(log, 'INC1').assigned('network', 'ann');
    const documents = replay(incidentDetailProjection, [log.events]);
    expect(documents.get('INC1')).toMatchObject({ title: 'one', assignee: 'ann', revision: 1 });
    expect(documents.get('INC2')).toMatchObject({ title: 'two', assignee: null, revision: 0 });
  });

  it('leaves exactly this document after a lifecycle through hold, resolution from hold, reopening, reassignment and closure', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened({ assignmentGroup: 'network' }, { actor: 'desk.amy' }); // 09:00
    incident.assigned('network', 'ann'); // 09:01
    incident.workNoteAdded('looking', { actor: 'ann' }); // 09:02
    incident.commentAdded('on it', { actor: 'bob' }); // 09:03
    incident.putOnHold('awaiting_vendor', 'ticket #42'); // 09:04
    incident.resolved('solved_workaround'); // 09:05, straight from hold
    incident.reopened(1); // 09:06
    incident.reassigned({ assignmentGroup: 'desktop', assignee: 'cy', previousAssignmentGroup: 'network', previousAssignee: 'ann', reason: 'wrong team', reassignmentCount: 1 }); // 09:07
    incident.reclassified(1, 1, 1, 3); // 09:08
    incident.workNoteAdded('restarted', { actor: 'cy' }); // 09:09
    incident.resolved(); // 09:10
    const closed = incident.closed({ actor: 'system' }); // 09:11
    expect(detailAfter(log)).toEqual({
      id: 'INC1', number: null, _position: closed.position, title: 'Incident INC1', description: 'The mail server does not answer', caller: 'caller.jones', category: 'email', subcategory: null, symptom: null, contactType: null, location: null,
      impact: 1, urgency: 1, priority: 1, priorityMatrixVersion: 'itil-default-2024.1', configurationItemId: null,
      assignmentGroup: 'desktop', assignee: 'cy', status: 'closed', holdReason: null, holdNote: null, holdAwaiting: null,
      resolutionCode: 'solved_permanently', resolutionNotes: 'Restarted the service', cancellationReason: null,
      reassignmentCount: 1, reopenCount: 1, holdCount: 1, resolutionCount: 2, onHoldSince: null, totalHoldMs: 60_000, workNoteCount: 2, commentCount: 1,
      lastWorkNoteAt: '2024-03-01T09:09:00.000Z', lastWorkNoteBy: 'cy', lastCommentAt: '2024-03-01T09:03:00.000Z', lastCommentBy: 'bob',
      openedAt: '2024-03-01T09:00:00.000Z', openedBy: 'desk.amy', updatedAt: '2024-03-01T09:11:00.000Z', updatedBy: 'system',
      resolvedAt: '2024-03-01T09:10:00.000Z', resolvedBy: 'agent.smith', closedAt: '2024-03-01T09:11:00.000Z', closedBy: 'system',
      cancelledAt: null, cancelledBy: null, revision: 11, source: null, workarounds: [],
      resolvedWithParent: null, majorStatus: null, majorReason: null, majorSince: null, childIds: [], parentId: null, review: null,
    });
  });

  it('cancels an incident on hold without its hold reason', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC1');
    incident.opened();
    incident.putOnHold('awaiting_caller', 'no answer');
    incident.cancelled('duplicate');
    expect(detailAfter(log)).toMatchObject({ status: 'cancelled', holdReason: null, holdNote: null, cancellationReason: 'duplicate', cancelledAt: '2024-03-01T09:02:00.000Z' });
  });
});
