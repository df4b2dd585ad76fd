import { deciderSpec } from '../testing/decider-spec';
import { incidentDecider } from './incident-decider';
import type { AwaitedReference, AwaitedKind, HoldReason } from './incident-events';
import { HISTORIES, command, event, incidentOpened, onHold, OPENED_DETAILS } from '../testing/incident-fixtures';

const { given } = deciderSpec(incidentDecider);

const workNote = (text: string) => command('AddWorkNote', { text });
const comment = (text: string) => command('AddComment', { text });
const putOnHold = (reason: HoldReason, note?: string | null, awaiting?: AwaitedReference | null) =>
  command('PutIncidentOnHold', { reason, note, ...(awaiting === undefined ? {} : { awaiting }) });
const resume = command('ResumeIncident', {});
const onHoldFromNew = event('IncidentPutOnHold', { reason: 'awaiting_caller', note: null, holdNumber: 1, awaiting: null });

describe('Work notes and comments', () => {
  it.each(['new', 'in_progress', 'on_hold', 'resolved'] as const)('are recorded on an incident that is %s', (status) => {
    given(HISTORIES[status])
      .when(workNote('Concentrator log shows IKE rekey failures.'))
      .then([event('IncidentWorkNoteAdded', { text: 'Concentrator log shows IKE rekey failures.' })]);
    const state = given(HISTORIES[status])
      .when(comment('We have found the cause and are testing a fix.'))
      .then([event('IncidentCommentAdded', { text: 'We have found the cause and are testing a fix.' })]);
    expect(state).toEqual(given(HISTORIES[status]).state);
  });

  it('are refused when blank', () => {
    const error = given(HISTORIES.in_progress).when(workNote(' \n ')).thenThrows('incident.invalid_field', 'not_allowed');
    expect(error.details).toEqual({ field: 'text' });
    given(HISTORIES.in_progress).when(comment('')).thenThrows('incident.invalid_field', 'not_allowed');
  });
});

describe('Putting an incident on hold', () => {
  it.each(['new', 'in_progress'] as const)('records the reason and note, from %s', (status) => {
    const state = given(HISTORIES[status])
      .when(putOnHold('awaiting_vendor', 'Case 4711 opened with the VPN vendor'))
      .then([event('IncidentPutOnHold', { reason: 'awaiting_vendor', note: 'Case 4711 opened with the VPN vendor', holdNumber: 1, awaiting: null })]);
    expect(state).toMatchObject({ status: 'on_hold', holdReason: 'awaiting_vendor', holdCount: 1 });
  });

  it.each([
    ['awaiting_change', 'change', 'CHG0030012'],
    ['awaiting_problem', 'problem', 'PRB0040007'],
    ['awaiting_vendor', 'vendor_ticket', 'Cisco TAC 694512311'],
  ] as const)('on %s names the %s it awaits', (reason, kind, reference) => {
    given(HISTORIES.in_progress)
      .when(putOnHold(reason, null, { kind, reference }))
      .then([event('IncidentPutOnHold', { reason, note: null, holdNumber: 1, awaiting: { kind, reference } })]);
  });

  it('awaiting a problem, names one raised, still open and linking this incident, so that its resolution resumes it', () => {
    const awaiting = { kind: 'problem', reference: 'PRB0040007' } as const;
    const hold = (awaitedProblem: object | null) => command('PutIncidentOnHold', { reason: 'awaiting_problem', note: null, awaiting, awaitedProblem } as never);
    given(HISTORIES.in_progress).when(hold({ status: 'fix_in_progress', linksIncident: true })).then([event('IncidentPutOnHold', { reason: 'awaiting_problem', note: null, holdNumber: 1, awaiting })]);
    const required = given(HISTORIES.in_progress).when(putOnHold('awaiting_problem')).thenThrows('incident.awaiting_required', 'not_allowed');
    expect(required.details).toMatchObject({ field: 'awaiting' });
    const unknown = given(HISTORIES.in_progress).when(hold(null)).thenThrows('incident.awaited_problem_unknown', 'not_allowed');
    expect(unknown.details).toMatchObject({ field: 'awaiting.reference', reference: 'PRB0040007' });
    given(HISTORIES.in_progress).when(hold({ status: 'resolved', linksIncident: true })).thenThrows('incident.awaited_problem_not_open', 'conflict');
    given(HISTORIES.in_progress).when(hold({ status: 'assessed', linksIncident: false })).thenThrows('incident.awaited_problem_not_linked', 'conflict');
  });

  it('may await evidence (a log, a screenshot from the caller), naming nothing', () => {
    given(HISTORIES.in_progress)
      .when(putOnHold('awaiting_evidence', 'Asked for the VPN client log'))
      .then([event('IncidentPutOnHold', { reason: 'awaiting_evidence', note: 'Asked for the VPN client log', holdNumber: 1, awaiting: null })]);
  });

  it.each([
    ['awaiting_change', 'problem'],
    ['awaiting_vendor', 'change'],
    ['awaiting_caller', 'change'],
    ['awaiting_evidence', 'vendor_ticket'],
  ] as const)('is refused when a hold %s names a %s', (reason, kind) => {
    const error = given(HISTORIES.in_progress).when(putOnHold(reason, null, { kind, reference: 'X-1' })).thenThrows('incident.awaiting_mismatch', 'not_allowed');
    expect(error.details).toMatchObject({ field: 'awaiting.kind', reason, kind });
  });

  it('is refused when what it awaits is of no known kind or has a blank reference', () => {
    const unknown = given(HISTORIES.in_progress).when(putOnHold('awaiting_change', null, { kind: 'pizza' as AwaitedKind, reference: 'X' })).thenThrows('incident.invalid_field', 'not_allowed');
    expect(unknown.details).toMatchObject({ field: 'awaiting.kind' });
    const blank = given(HISTORIES.in_progress).when(putOnHold('awaiting_change', null, { kind: 'change', reference: ' ' })).thenThrows('incident.invalid_field', 'not_allowed');
    expect(blank.details).toMatchObject({ field: 'awaiting.reference' });
  });

  it('records a missing note as null', () => {
    given(HISTORIES.in_progress)
      .when(putOnHold('awaiting_caller'))
      .then([event('IncidentPutOnHold', { reason: 'awaiting_caller', note: null, holdNumber: 1, awaiting: null })]);
  });

  it('numbers each hold of the incident, so that each is kept apart', () => {
    const state = given([...HISTORIES.on_hold, event('IncidentResumed', { holdNumber: 1 })])
      .when(putOnHold('awaiting_change'))
      .then([event('IncidentPutOnHold', { reason: 'awaiting_change', note: null, holdNumber: 2, awaiting: null })]);
    expect(state).toMatchObject({ status: 'on_hold', holdCount: 2 });
  });

  it('keeps the assignment while on hold', () => {
    expect(given(HISTORIES.on_hold).state).toMatchObject({ assignmentGroup: 'network-ops', assignee: 'user:linus' });
  });

  it('is refused when the incident is already on hold', () => {
    given(HISTORIES.on_hold).when(putOnHold('awaiting_change')).thenThrows('incident.already_on_hold', 'conflict');
  });

  it('is refused for a reason outside the hold reasons', () => {
    const error = given(HISTORIES.in_progress)
      .when(putOnHold('lunch' as HoldReason))
      .thenThrows('incident.invalid_field', 'not_allowed');
    expect(error.details).toMatchObject({ field: 'reason' });
  });

  it('is refused with a blank note (leave it out instead)', () => {
    given(HISTORIES.in_progress).when(putOnHold('awaiting_caller', '  ')).thenThrows('incident.invalid_field', 'not_allowed');
  });

  it('is refused once the incident is resolved', () => {
    given(HISTORIES.resolved).when(putOnHold('awaiting_caller')).thenThrows('incident.already_resolved', 'conflict');
  });
});

describe('Resuming an incident', () => {
  it('goes back to new when the hold began before the work started, to in progress otherwise', () => {
    const state = given([incidentOpened(), onHoldFromNew]).when(resume).then([event('IncidentResumed', { holdNumber: 1, resumesTo: 'new' })]);
    expect(state).toMatchObject({ status: 'new' });
  });

  it('reads a resume recorded before schema version 5 as back to in progress, as it was then', () => {
    expect(given([incidentOpened(), onHoldFromNew, event('IncidentResumed', { holdNumber: 1 })]).state).toMatchObject({ status: 'in_progress' });
  });

  it('takes it off hold into progress, naming the hold it ends and forgetting its reason', () => {
    const state = given(HISTORIES.on_hold).when(resume).then([event('IncidentResumed', { holdNumber: 1, resumesTo: 'in_progress' })]);
    expect(state).toEqual({
      status: 'in_progress',
      incidentId: 'INC0010001',
      impact: 2,
      urgency: 2,
      priority: 3,
      assignmentGroup: 'network-ops',
      assignee: 'user:linus',
      reassignmentCount: 0,
      reopenCount: 0,
      details: OPENED_DETAILS,
      holdCount: 1,
      resolutionCount: 0,
    });
  });

  it('names the latest hold when the incident was held before', () => {
    const twice = [...HISTORIES.on_hold, event('IncidentResumed', { holdNumber: 1 }), { ...onHold, data: { ...onHold.data, holdNumber: 2 } }];
    given(twice).when(resume).then([event('IncidentResumed', { holdNumber: 2, resumesTo: 'in_progress' })]);
  });

  it.each(['new', 'in_progress'] as const)('is refused when the incident is not on hold (%s)', (status) => {
    const error = given(HISTORIES[status]).when(resume).thenThrows('incident.not_on_hold', 'conflict');
    expect(error.details).toEqual({ status });
  });

  it('is refused once the incident is resolved', () => {
    given(HISTORIES.resolved).when(resume).thenThrows('incident.already_resolved', 'conflict');
  });
});
