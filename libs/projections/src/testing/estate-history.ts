import { blackoutWindowStream, ciNameStream, configurationItemStream, incidentStream, problemStream, type CiNameEvent, type ConfigurationItemEvent, type ProblemEvent, type SlaStarted } from '@itsm/domain';
import { changeHistory } from '../change-records/testing/change-history';
import { ciHistory } from '../configuration-items/testing/ci-test-history';
import { incidentHistory } from './incident-history';
import { TestEventLog } from './test-event-log';
import { LOG_CHECKPOINT_SIGNED, LOG_CHECKPOINTS_STREAM } from '@itsm/event-store/port';

const SLOT = { start: '2024-03-12T22:00:00.000Z', end: '2024-03-13T01:00:00.000Z' };
const LATER = { start: '2024-03-14T22:00:00.000Z', end: '2024-03-15T01:00:00.000Z' };
const FREEZE = { name: 'Quarter end', window: { start: '2024-03-28T00:00:00.000Z', end: '2024-04-02T00:00:00.000Z' }, scope: { kind: 'all' as const }, reason: 'close' };

function names(log: TestEventLog) {
  const record = (name: string, event: CiNameEvent) => log.record(ciNameStream(name), event);
  return {
    reserved: (name: string, ciId: string) => record(name, { type: 'CiNameReserved', data: { normalisedName: name, name, ciId } }),
    released: (name: string, ciId: string, reason: 'renamed' | 'retired') => record(name, { type: 'CiNameReleased', data: { normalisedName: name, ciId, reason } }),
  };
}

/**
 * A small estate with a bit of everything, interleaved as a busy log would be: CIs registered under
 * reserved names, renamed, related, changed and retired; incidents through their whole lifecycles;
 * changes approved, invalidated, scheduled (one into the other's window), unscheduled, carried out,
 * reviewed, rejected and cancelled; blackout windows defined, changed and withdrawn. Every event
 * type any projection handles appears at least once.
 */
/** Minutes-long targets in calendar time, so that the estate's minute-spaced facts cross them. */
const ESTATE_SLA_TERMS = {
  policy: {
    name: 'estate', version: 1, effectiveFrom: '2024-01-01T00:00:00.000Z', scope: { assignmentGroup: null, configurationItemId: null }, atRiskPercent: 75, pausingHoldReasons: ['awaiting_caller'], onReopen: 'restart',
    targets: ([1, 3] as const).map((priority) => ({ priority, response: { minutes: 2, calendar: null }, resolution: { minutes: 30, calendar: null } })),
  },
  calendars: [],
} as const satisfies Omit<SlaStarted['data'], 'incidentId'>;

export function estateHistory(): TestEventLog {
  const log = new TestEventLog();
  const name = names(log);
  const [app, srv, db] = [ciHistory(log, 'APP'), ciHistory(log, 'SRV'), ciHistory(log, 'DB')];
  const [inc1, inc2, inc3] = [incidentHistory(log, 'INC1'), incidentHistory(log, 'INC2'), incidentHistory(log, 'INC3')];
  const [chg1, chg2, chg3] = [changeHistory(log, 'CHG1'), changeHistory(log, 'CHG2'), changeHistory(log, 'CHG3')];
  const bw = (id: string) => blackoutWindowStream(id);
  // Facts the CI helper has no shorthand for.
  const ci = (ciId: string, event: ConfigurationItemEvent) => log.record(configurationItemStream(ciId), event);

  name.reserved('app', 'APP');
  app.registered({ ciClass: 'application', attributes: { version: '1' } });
  name.reserved('srv', 'SRV');
  srv.registered();
  name.reserved('db', 'DB');
  db.registered({ ciClass: 'database' });
  app.related('runs_on', 'SRV');
  srv.related('depends_on', 'DB');
  inc1.opened({ configurationItemId: 'APP', assignmentGroup: 'network' });
  inc1.slaStarted(ESTATE_SLA_TERMS);
  inc1.assigned('network', 'ann');
  inc1.workNoteAdded('checked the logs', { actor: 'ann' });
  chg1.raised({ affectedCiIds: ['DB'] });
  inc2.opened({ configurationItemId: 'DB' });
  inc1.commentAdded('we are on it', { actor: 'bob' });
  inc1.reclassified(1, 1, 1, 3);
  inc1.edited({ title: { from: 'Incident INC1', to: 'Mail delayed for finance' }, configurationItemId: { from: 'APP', to: 'DB' }, subcategory: { from: null, to: 'mail-queue' } });
  chg1.record('ChangeUpdated', { changes: { title: 'Patch the database' }, previousContentHash: 'sha256:1', contentHash: 'sha256:2' });
  chg1.record('ChangeAssigned', { assignee: 'ann', previousAssignee: null });
  chg1.assessed();
  log.record(bw('BW1'), { type: 'BlackoutWindowDefined', data: { blackoutWindowId: 'BW1', ...FREEZE } });
  chg1.approved('carl', 1, 'sha256:2');
  inc1.putOnHold('awaiting_vendor', 'ticket #42');
  chg1.record('ChangeUpdated', { changes: { backoutPlan: 'restore' }, previousContentHash: 'sha256:2', contentHash: 'sha256:3' });
  chg1.record('ApprovalsInvalidated', {
    reason: 'content_changed', changedFields: ['backoutPlan'], previousContentHash: 'sha256:2', contentHash: 'sha256:3',
    invalidatedApprovers: ['carl'], wasAuthorized: false,
  });
  name.reserved('app-main', 'APP');
  app.renamed('app-main', 'app');
  name.released('app', 'APP', 'renamed');
  chg1.approved('carl', 1, 'sha256:3');
  chg1.approved('cleo', 2, 'sha256:3');
  chg1.authorized(['carl', 'cleo'], 'sha256:3');
  chg2.raised({ affectedCiIds: ['SRV'], window: SLOT });
  chg2.assessed('low', 1);
  chg2.approved('carl', 1);
  chg2.authorized(['carl']);
  chg2.record('ChangeScheduled', { window: SLOT, conflicts: [], blackoutOverride: false });
  inc1.deadlineFact('SlaAtRisk', { metric: 'resolution', cycle: 1, policy: { name: 'estate', version: 1 }, calendar: null, targetMs: 1_800_000, dueAt: '2024-03-01T09:32:00.000Z', atRiskPercent: 75, markAt: '2024-03-01T09:24:30.000Z' });
  inc1.resumed();
  inc1.reassigned({ assignmentGroup: 'database', assignee: null, previousAssignmentGroup: 'network', previousAssignee: 'ann', reason: 'wrong team', reassignmentCount: 1 });
  chg1.record('ChangeScheduled', {
    window: SLOT, blackoutOverride: false,
    conflicts: [{ kind: 'dependency', changeId: 'CHG2', ciId: 'DB', otherCiId: 'SRV', relation: 'dependency_of', window: SLOT }],
  });
  log.record(bw('BW1'), { type: 'BlackoutWindowChanged', data: { blackoutWindowId: 'BW1', ...FREEZE, name: 'Year end', changedFields: ['name'] } });
  app.attributesUpdated({ version: '2' }, []);
  ci('SRV', { type: 'ConfigurationItemStatusChanged', data: { ciId: 'SRV', status: 'maintenance', previousStatus: 'in_use', reason: 'patching' } });
  chg1.record('ChangeUnscheduled', { reason: 'content_changed', changedFields: ['window'] });
  chg1.record('ChangeScheduled', { window: LATER, conflicts: [], blackoutOverride: false });
  inc2.putOnHold('awaiting_caller');
  inc2.cancelled();
  inc3.opened();
  inc3.workStarted();
  inc3.commentAdded('hello');
  inc3.putOnHold('awaiting_vendor');
  ci('DB', { type: 'ConfigurationItemOwnerGroupChanged', data: { ciId: 'DB', ownerGroup: 'dba', previousOwnerGroup: 'infra' } });
  chg1.record('ChangeImplementationStarted', { retrospectiveReviewRequired: true, flagReasons: ['outside_window'], reviewerGroup: 'ecab' });
  chg1.completed('failed');
  inc1.deadlineFact('SlaBreached', { metric: 'resolution', cycle: 1, policy: { name: 'estate', version: 1 }, calendar: null, targetMs: 1_800_000, dueAt: '2024-03-01T09:32:00.000Z' });
  inc1.resolved();
  inc1.reopened(1);
  chg1.record('ChangeReviewed', { reviewer: 'mo', result: 'unsuccessful', notes: 'rolled back' });
  chg1.record('ChangeRetrospectiveReviewRecorded', { reviewer: 'eve', outcome: 'endorsed', notes: 'needed' });
  chg1.record('ChangeClosed', {});
  chg3.raised({ affectedCiIds: ['APP'] });
  chg3.assessed();
  chg3.record('ChangeRejected', { approver: 'cleo', comment: 'no backout test', contentHash: 'sha256:1' }, { actor: 'cleo' });
  chg3.record('ChangeCancelled', { reason: 'not needed' });
  app.unrelated('runs_on', 'SRV');
  log.record(bw('BW2'), { type: 'BlackoutWindowDefined', data: { blackoutWindowId: 'BW2', ...FREEZE, name: 'Other' } });
  log.record(bw('BW1'), { type: 'BlackoutWindowWithdrawn', data: { blackoutWindowId: 'BW1', reason: 'lifted' } });
  inc1.resolved();
  inc1.closed();
  inc3.resolved();
  // An incident imported from ServiceNow, through a hold, a resolution that did not hold, and closure.
  const imported = incidentHistory(log, 'INC4');
  imported.imported({ status: 'new', sourceState: 'New', assignmentGroup: 'Group 56', assignee: 'Resolver 17' });
  imported.imported({ status: 'on_hold', sourceState: 'Awaiting User Info', holdReason: 'awaiting_caller', assignmentGroup: 'Group 56' });
  imported.imported({ status: 'resolved', sourceState: 'Resolved', assignmentGroup: 'Group 56' });
  imported.imported({ status: 'in_progress', sourceState: 'Active', assignmentGroup: 'Group 70', reassignmentCount: 1, reopenCount: 1 });
  imported.imported({ status: 'resolved', sourceState: 'Resolved', assignmentGroup: 'Group 70', reassignmentCount: 1, reopenCount: 1 });
  imported.imported({ status: 'closed', sourceState: 'Closed', assignmentGroup: 'Group 70', reassignmentCount: 1, reopenCount: 1, sourceFields: { made_sla: 'FALSE' } });
  srv.retired();
  name.released('srv', 'SRV', 'retired');
  // A major incident with a child, reviewed; and a proposal declined.
  const incident = (incidentId: string, type: string, data: Record<string, unknown>) => log.record(incidentStream(incidentId), { type, data: { incidentId, ...data } } as never);
  const major = incidentHistory(log, 'INC5');
  major.opened();
  incidentHistory(log, 'INC6').opened();
  incident('INC5', 'MajorIncidentProposed', { reason: 'company-wide' });
  incident('INC5', 'MajorIncidentAccepted', { reason: 'confirmed' });
  incident('INC6', 'IncidentAttachedToParent', { parentId: 'INC5' });
  incident('INC5', 'IncidentChildAttached', { childId: 'INC6' });
  incident('INC3', 'IncidentAttachedToParent', { parentId: 'INC5' });
  incident('INC5', 'IncidentChildAttached', { childId: 'INC3' });
  incident('INC5', 'IncidentChildDetached', { childId: 'INC3', reason: 'another cause' });
  incident('INC3', 'IncidentDetachedFromParent', { parentId: 'INC5', reason: 'another cause' });
  incident('INC5', 'MajorIncidentReviewRecorded', { whatHappened: 'w', timeline: 't', actions: 'a', problemId: null });
  incident('INC6', 'MajorIncidentProposed', { reason: 'looked big' });
  incident('INC6', 'MajorIncidentDeclined', { reason: 'one team' });
  // A problem behind INC1 and INC3, through every step, and one cancelled.
  const problem = (problemId: string, type: ProblemEvent['type'], data: Record<string, unknown> = {}) => log.record(problemStream(problemId), { type, data: { problemId, ...data } } as ProblemEvent);
  problem('PRB1', 'ProblemRaised', { number: 'PRB0010001', title: 'Mail queue stalls', description: 'd', category: 'email', impact: 2, urgency: 2, priority: 3, priorityMatrixVersion: 'itil', configurationItemId: 'DB', assignmentGroup: 'database', assignee: null, incidentIds: ['INC1'] });
  problem('PRB1', 'ProblemAssigned', { assignmentGroup: 'database', assignee: 'dora', previousAssignmentGroup: 'database', previousAssignee: null });
  problem('PRB1', 'ProblemReclassified', { impact: 1, urgency: 2, priority: 2, priorityMatrixVersion: 'itil', previousPriority: 3, reason: 'more users' });
  problem('PRB1', 'ProblemIncidentLinked', { incidentId: 'INC3' });
  problem('PRB1', 'ProblemAssessed', { note: null });
  problem('PRB1', 'ProblemRootCauseAnalysisStarted');
  problem('PRB1', 'ProblemRootCauseRecorded', { rootCause: 'spool full', rootCauseCategory: 'capacity' });
  problem('PRB1', 'ProblemWorkaroundRecorded', { workaround: 'restart' });
  log.record(incidentStream('INC1'), { type: 'IncidentWorkaroundPublished', data: { incidentId: 'INC1', problemId: 'PRB1', problemNumber: 'PRB0010001', workaround: 'restart' } });
  problem('PRB1', 'KnownErrorPublished', { symptom: 'mail stuck', category: 'email', configurationItemId: 'DB', rootCause: 'spool full', workaround: 'restart' });
  problem('PRB1', 'ProblemFixStarted');
  problem('PRB1', 'ProblemFixChangeLinked', { changeId: 'CHG1' });
  log.record(incidentStream('INC3'), { type: 'IncidentWorkaroundPublished', data: { incidentId: 'INC3', problemId: 'PRB1', problemNumber: 'PRB0010001', workaround: 'restart' } });
  problem('PRB1', 'ProblemIncidentUnlinked', { incidentId: 'INC3', reason: 'another cause' });
  log.record(incidentStream('INC3'), { type: 'IncidentWorkaroundWithdrawn', data: { incidentId: 'INC3', problemId: 'PRB1', problemNumber: 'PRB0010001', reason: 'another cause' } });
  problem('PRB1', 'ProblemResolved', { resolution: 'bigger spool', fixChangeId: 'CHG1', overrideReason: 'rolled back, fixed by the vendor', incidentIds: ['INC1'] });
  problem('PRB1', 'ProblemClosed');
  problem('PRB2', 'ProblemRaised', { number: 'PRB0010002', title: 'Duplicate', description: 'd', category: 'email', impact: 3, urgency: 3, priority: 5, priorityMatrixVersion: 'itil', configurationItemId: null, assignmentGroup: null, assignee: null, incidentIds: [] });
  problem('PRB2', 'ProblemCancelled', { reason: 'duplicate of PRB0010001' });
  // The log's own seal over what came before (its signature is the verifier's business, not a projection's).
  const covered = log.events.map((event) => `${event.position} ${'0'.repeat(16)}`);
  const checkpoint = { sequence: 1, fromPosition: null, position: log.events[log.events.length - 1]?.position, eventCount: covered.length, runningHash: 'a'.repeat(64), entries: covered, signedAt: log.nextTime, keyId: 'test-key', algorithm: 'Ed25519', signature: 'c2lnbmF0dXJl' };
  log.record(LOG_CHECKPOINTS_STREAM, { type: LOG_CHECKPOINT_SIGNED, data: checkpoint });
  return log;
}
