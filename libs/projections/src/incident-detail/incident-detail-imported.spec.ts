import { incidentLifecycleProjection } from '../incident-lifecycle/incident-lifecycle-projection';
import { incidentHistory } from '../testing/incident-history';
import { replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { workQueuesProjection } from '../work-queues/work-queues-projection';
import { incidentDetailProjection } from './incident-detail-projection';

/** A ServiceNow incident as the importer records it: one IncidentVersionImported per exported row (ADR 17). */
function importedIncident() {
  const log = new TestEventLog();
  const incident = incidentHistory(log, 'INC4');
  incident.imported({ status: 'new', sourceState: 'New', assignmentGroup: 'Group 56', assignee: 'Resolver 17' }, { actor: 'servicenow:Updated by 21' });
  incident.imported({ status: 'on_hold', sourceState: 'Awaiting User Info', holdReason: 'awaiting_caller', assignmentGroup: 'Group 56' });
  incident.imported({ status: 'resolved', sourceState: 'Resolved', assignmentGroup: 'Group 56' }, { actor: 'servicenow:Updated by 642' });
  incident.imported({ status: 'in_progress', sourceState: 'Active', assignmentGroup: 'Group 70', reassignmentCount: 1, reopenCount: 1 });
  incident.imported({ status: 'resolved', sourceState: 'Resolved', assignmentGroup: 'Group 70', reassignmentCount: 1, reopenCount: 1 });
  incident.imported({ status: 'closed', sourceState: 'Closed', assignmentGroup: 'Group 70', reassignmentCount: 1, reopenCount: 1, sourceFields: { made_sla: 'FALSE', closed_code: 'code 5' } }, { actor: 'servicenow:Updated by 908' });
  return log;
}

describe('An imported incident in the read models', () => {
  it('reads as its last version, with holds and resolutions counted as its state entered them, and the source kept beside', () => {
    const log = importedIncident();
    const [opened, , resolved, , , closed] = log.events;
    expect(replay(incidentDetailProjection, [log.events]).get('INC4')).toMatchObject({
      number: 'INC0000045', status: 'closed', priority: 3, priorityMatrixVersion: 'servicenow-acme', assignmentGroup: 'Group 70', assignee: null,
      title: '', category: 'Category 55', subcategory: 'Subcategory 170', symptom: 'Symptom 72', contactType: 'Phone', location: 'Location 143',
      reassignmentCount: 1, reopenCount: 1, holdCount: 1, resolutionCount: 2, onHoldSince: null,
      openedAt: '2016-02-29T01:16:00.000Z', openedBy: 'servicenow:Opened by  8', closedAt: closed!.metadata.occurredAt, closedBy: 'servicenow:Updated by 908',
      updatedBy: 'servicenow:Updated by 908', revision: 5,
      source: { system: 'servicenow', instance: 'acme', state: 'Closed', versionsImported: 6, versionsMissing: 0, fields: { made_sla: 'FALSE', closed_code: 'code 5' } },
    });
    expect(opened!.metadata.actor).toBe('servicenow:Updated by 21');
    expect(resolved!.type).toBe('IncidentVersionImported');
  });

  it('lists each hold and resolution, ended as the next versions read: resolved, reopened, closed', () => {
    const entries = [...replay(incidentLifecycleProjection, [importedIncident().events]).values()];
    expect(entries.map((entry) => [entry.id, 'endedWith' in entry ? entry.endedWith : entry.outcome])).toEqual([
      ['INC4:hold:1', 'resolved'],
      ['INC4:resolution:1', 'reopened'],
      ['INC4:resolution:2', 'closed'],
    ]);
    expect(entries[0]).toMatchObject({ reason: 'awaiting_caller', startSeen: true, durationMs: 60_000 });
    expect(entries[1]).toMatchObject({ resolutionCode: null, sourceCloseCode: 'code 5', resolvedBy: 'servicenow:Updated by 642' });
  });

  it('marks a hold the first exported version was already in: when it began is not known', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC5');
    incident.imported({ status: 'on_hold', sourceState: 'Awaiting Problem', holdReason: 'awaiting_problem', assignmentGroup: 'Group 1' });
    incident.imported({ status: 'in_progress', sourceState: 'Active', assignmentGroup: 'Group 1' });
    expect([...replay(incidentLifecycleProjection, [log.events]).values()]).toMatchObject([{ id: 'INC5:hold:1', startSeen: false, endedWith: 'resumed' }]);
    expect(replay(incidentDetailProjection, [log.events]).get('INC5')).toMatchObject({ status: 'in_progress', holdCount: 1 });
  });

  it('leaves the queues once closed, and keeps an assignee without a group out of them', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC6');
    incident.imported({ status: 'new', assignmentGroup: null, assignee: 'Resolver 9' });
    expect(replay(workQueuesProjection, [log.events]).get('INC6')).toMatchObject({ number: 'INC0000045', status: 'new', assignmentGroup: null, assignee: null, active: true });
    expect(replay(incidentDetailProjection, [log.events]).get('INC6')).toMatchObject({ assignmentGroup: null, assignee: 'Resolver 9', source: { assignee: 'Resolver 9' } });
    expect(replay(workQueuesProjection, [importedIncident().events]).get('INC4')).toMatchObject({ status: 'closed', active: false });
  });

  it('takes a version that arrived late (from a corrected file) into the history only: the state stays as the later versions say', () => {
    const log = new TestEventLog();
    const incident = incidentHistory(log, 'INC7');
    incident.imported({ status: 'new', assignmentGroup: 'Group 1' });
    incident.imported({ status: 'closed', sourceState: 'Closed', assignmentGroup: 'Group 1' }, {}, { missingVersionsBefore: [1, 2] });
    incident.imported({ status: 'on_hold', sourceState: 'Awaiting User Info', holdReason: 'awaiting_caller', assignmentGroup: 'Group 1' }, {}, { arrivedLate: true, fillsGap: true });
    expect(replay(incidentDetailProjection, [log.events]).get('INC7')).toMatchObject({ status: 'closed', holdCount: 0, revision: 2, source: { versionsImported: 3, versionsMissing: 1 } });
    expect(replay(incidentLifecycleProjection, [log.events]).size).toBe(0);
    expect(replay(workQueuesProjection, [log.events]).get('INC7')).toMatchObject({ status: 'closed', active: false });
  });

  it('shows no number for an incident whose number another incident held first: the source keeps it', () => {
    const log = new TestEventLog();
    incidentHistory(log, 'INC8').imported({ status: 'new' }, {}, { holdsNumber: false });
    expect(replay(incidentDetailProjection, [log.events]).get('INC8')).toMatchObject({ number: null, source: { number: 'INC0000045' } });
    expect(replay(workQueuesProjection, [log.events]).get('INC8')).toMatchObject({ number: null });
  });
});
