import { DOMAIN_EVENT_SCHEMAS } from '../domain-event-schemas';
import { INCIDENT_EVENT_SCHEMA_VERSION } from './incident-events';

const read = (type: string, storedVersion: number, data: Record<string, string | number | boolean | null>) => DOMAIN_EVENT_SCHEMAS.upcast(type, storedVersion, data);
const assignment = { incidentId: 'INC1', assignmentGroup: 'network', assignee: 'user:ann' };
const reassignment = { ...assignment, previousAssignmentGroup: 'desk', previousAssignee: null, reason: 'network fault', reassignmentCount: 1 };

describe('Incident events read in the current shape (schema version 9)', () => {
  it('is written at version 9', () => {
    expect(INCIDENT_EVENT_SCHEMA_VERSION).toBe(9);
    expect(DOMAIN_EVENT_SCHEMAS.currentVersion('IncidentAssigned')).toBe(9);
    expect(DOMAIN_EVENT_SCHEMAS.currentVersion('SlaBreached')).toBe(9);
  });

  it.each(['IncidentAssigned', 'IncidentReassigned'])('%s recorded before version 5 naming an assignee started the work, and now says so', (type) => {
    const data = type === 'IncidentAssigned' ? assignment : reassignment;
    for (const version of [1, 4]) expect(read(type, version, data)).toEqual({ ...data, startedWork: true });
  });

  it('an assignment recorded before version 5 that named no one started nothing', () => {
    expect(read('IncidentAssigned', 3, { ...assignment, assignee: null })).toEqual({ ...assignment, assignee: null, startedWork: false });
  });

  it.each(['IncidentAssigned', 'IncidentReassigned'])('%s recorded from version 5 to 8 said startsWork: false, and now says startedWork: false', (type) => {
    const data = type === 'IncidentAssigned' ? assignment : reassignment;
    for (const version of [5, 8]) expect(read(type, version, { ...data, startsWork: false })).toEqual({ ...data, startedWork: false });
  });

  it('an assignment written at version 9 is read as written', () => {
    const current = { ...assignment, startedWork: false };
    expect(read('IncidentAssigned', 9, current)).toBe(current);
  });

  it('an assignment that already says whether it started the work is left as it says, whatever version it is labelled', () => {
    const saying = { ...assignment, startedWork: false };
    expect(read('IncidentAssigned', 1, saying)).toBe(saying);
  });

  it('the other incident events took no step: read as written', () => {
    const resolved = { incidentId: 'INC1', resolutionCode: 'solved_permanently', resolutionNotes: 'Rebooted', resolutionNumber: 1, holdNumber: null };
    expect(read('IncidentResolved', 4, resolved)).toBe(resolved);
  });
});
