import { deciderSpec } from '../testing/decider-spec';
import { command, event } from '../testing/incident-fixtures';
import { incidentDecider } from './incident-decider';
import type { ImportedIncidentReading, IncidentVersionImported } from './incident-events';

const { given } = deciderSpec(incidentDecider);

const READING: ImportedIncidentReading = {
  status: 'new', sourceState: 'New', holdReason: null, awaiting: null, impact: 3, urgency: 3, priority: 4, priorityMatrixVersion: 'servicenow-acme',
  caller: 'Caller 2403', details: { title: '', description: '', category: 'Category 55', subcategory: null, symptom: null, contactType: 'Phone', location: null, configurationItemId: null },
  assignmentGroup: 'Group 56', assignee: 'Resolver 17', reassignmentCount: 0, reopenCount: 0, openedAt: null, openedBy: null, sourceFields: {},
};
const version = (reading: Partial<ImportedIncidentReading>, holdNumber: number | null = null, resolutionNumber: number | null = null): IncidentVersionImported =>
  event('IncidentVersionImported', {
    number: 'INC0000045',
    source: { system: 'servicenow', instance: 'acme', file: 'x.csv', fileSha256: '0', row: 1, sysModCount: 0, occurrence: 0, updatedBy: null, updatedAt: '29-02-2016 01:23', timeZone: 'UTC', importedBy: 'importer', missingVersionsBefore: [], arrivedLate: false, fillsGap: false },
    row: {},
    reading: { ...READING, ...reading },
    holdsNumber: true,
    holdNumber,
    resolutionNumber,
  });

describe('Imported versions are facts: the incident reads as the version says, whatever our rules would allow', () => {
  it('a new incident with an assignee stays new (state and assignment are independent)', () => {
    expect(given([version({})]).state).toMatchObject({ status: 'new', assignmentGroup: 'Group 56', assignee: 'Resolver 17', priority: 4, holdCount: 0 });
  });

  it('an assignee without a group reads as no assignment (the source keeps the name)', () => {
    expect(given([version({ assignmentGroup: null })]).state).toMatchObject({ assignmentGroup: null, assignee: null });
  });

  it('counts a hold and a resolution as the state enters them, and keeps the source counters as written', () => {
    const history = [
      version({}),
      version({ status: 'on_hold', holdReason: 'awaiting_problem' }, 1),
      version({ status: 'on_hold', holdReason: 'awaiting_vendor' }, 1),
      version({ status: 'resolved' }, 1, 1),
      version({ status: 'in_progress', reopenCount: 1, reassignmentCount: 3 }, 1, 1),
    ];
    expect(given(history).state).toMatchObject({ status: 'in_progress', holdCount: 1, resolutionCount: 1, reopenCount: 1, reassignmentCount: 3 });
    expect(given(history.slice(0, 3)).state).toMatchObject({ status: 'on_hold', holdReason: 'awaiting_vendor', heldFrom: 'new' });
  });

  it('is applied even after closing, as the source recorded it (closed twice, or reopened after closing)', () => {
    expect(given([version({ status: 'closed' }), version({ status: 'closed' })]).state).toEqual({ status: 'closed', incidentId: 'INC0010001' });
    expect(given([version({ status: 'closed' }), version({ status: 'in_progress' })]).state).toMatchObject({ status: 'in_progress' });
  });

  it('a version that arrived late (an older one, from a corrected file) leaves the state as the later versions made it', () => {
    const late = { ...version({ status: 'on_hold', holdReason: 'awaiting_vendor' }), data: { ...version({ status: 'on_hold' }).data, source: { ...version({}).data.source, arrivedLate: true, fillsGap: true } } } as IncidentVersionImported;
    expect(given([version({ status: 'resolved' }, null, 1), late]).state).toMatchObject({ status: 'resolved', holdCount: 0 });
  });

  it('and the live rules apply to what comes after: an imported resolved incident is reopened or closed by commands', () => {
    const resolved = [version({}), version({ status: 'resolved' }, null, 1)];
    given(resolved).when(command('CloseIncident', {})).then([event('IncidentClosed', { resolutionNumber: 1 })]);
    given([version({})]).when(command('StartIncidentWork', {})).then([event('IncidentWorkStarted', {})]);
  });
});
