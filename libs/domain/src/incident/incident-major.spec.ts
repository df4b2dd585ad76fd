import { deciderSpec } from '../testing/decider-spec';
import { incidentDecider } from './incident-decider';
import { HISTORIES, command, event } from '../testing/incident-fixtures';

const { given } = deciderSpec(incidentDecider);

const proposed = event('MajorIncidentProposed', { reason: 'Mail down for everyone' });
const accepted = event('MajorIncidentAccepted', { reason: 'Whole company affected' });
const reviewed = event('MajorIncidentReviewRecorded', { whatHappened: 'The spool filled', timeline: '09:00 alerts; 09:40 restored', actions: 'Move the cron job', problemId: 'p-1' });
const attach = (childId: string, childStatus = 'new') => command('AttachChildIncident', { childId, childStatus });
const withParent = command('ResolveIncidentWithParent', { parentId: 'PARENT', parentNumber: 'INC0010009', resolutionCode: 'solved_permanently', resolutionNotes: 'Spool emptied' });

describe('Major incidents', () => {
  it('are proposed with a reason, then accepted or declined; never twice', () => {
    given(HISTORIES.in_progress).when(command('ProposeMajorIncident', { reason: 'Mail down for everyone' })).then([proposed]);
    given([...HISTORIES.in_progress, proposed]).when(command('AcceptMajorIncident', { reason: 'Whole company affected' })).then([accepted]);
    const declined = given([...HISTORIES.in_progress, proposed]).when(command('DeclineMajorIncident', { reason: 'One team only' })).then([event('MajorIncidentDeclined', { reason: 'One team only' })]);
    expect(declined).not.toHaveProperty('major');
    given(HISTORIES.in_progress).when(command('AcceptMajorIncident', { reason: 'x' })).thenThrows('incident.not_proposed_major', 'conflict');
    given([...HISTORIES.in_progress, proposed, accepted]).when(command('ProposeMajorIncident', { reason: 'again' })).thenThrows('incident.already_major', 'conflict');
    given(HISTORIES.in_progress).when(command('ProposeMajorIncident', { reason: ' ' })).thenThrows('incident.invalid_field');
    given(HISTORIES.resolved).when(command('ProposeMajorIncident', { reason: 'late' })).thenThrows('incident.already_resolved');
  });

  it('are closed only after their review is recorded; the review names the problem that follows, which must exist', () => {
    const resolvedMajor = [...HISTORIES.in_progress, proposed, accepted, HISTORIES.resolved.at(-1)!];
    given(resolvedMajor).when(command('CloseIncident', {})).thenThrows('incident.major_review_required', 'conflict');
    given([...resolvedMajor, reviewed]).when(command('CloseIncident', {})).then([event('IncidentClosed', { resolutionNumber: 1 })]);
    given(resolvedMajor).when(command('RecordMajorIncidentReview', { whatHappened: 'w', timeline: 't', actions: 'a', problemId: 'p-9', problemKnown: false })).thenThrows('incident.problem_unknown');
    given(HISTORIES.resolved).when(command('RecordMajorIncidentReview', { whatHappened: 'w', timeline: 't', actions: 'a' })).thenThrows('incident.not_major');
    given(HISTORIES.resolved).when(command('CloseIncident', {})).then([event('IncidentClosed', { resolutionNumber: 1 })]);
  });

  it('record their review again only when it says something new', () => {
    const major = [...HISTORIES.in_progress, proposed, accepted, reviewed];
    const same = command('RecordMajorIncidentReview', { whatHappened: 'The spool filled', timeline: '09:00 alerts; 09:40 restored', actions: 'Move the cron job', problemId: 'p-1', problemKnown: true });
    given(major).when(same).thenThrows('incident.review_unchanged', 'not_allowed');
    given(major).when({ ...same, data: { ...same.data, actions: 'Move the cron job; alert at 80 %' } }).then([event('MajorIncidentReviewRecorded', { whatHappened: 'The spool filled', timeline: '09:00 alerts; 09:40 restored', actions: 'Move the cron job; alert at 80 %', problemId: 'p-1' })]);
    // Naming another problem says which one it no longer names.
    given(major).when({ ...same, data: { ...same.data, problemId: 'p-2' } }).then([event('MajorIncidentReviewRecorded', { whatHappened: 'The spool filled', timeline: '09:00 alerts; 09:40 restored', actions: 'Move the cron job', problemId: 'p-2', previousProblemId: 'p-1' })]);
  });
});

describe('Parent and child incidents', () => {
  it('attach open children, once each, never the parent itself; detach with a reason', () => {
    given(HISTORIES.in_progress).when(attach('c-1')).then([event('IncidentChildAttached', { childId: 'c-1' })]);
    given(HISTORIES.in_progress).when(attach('c-1', 'none')).thenThrows('incident.child_unknown');
    given(HISTORIES.in_progress).when(attach('c-1', 'resolved')).thenThrows('incident.child_not_open');
    given(HISTORIES.in_progress).when(attach('INC0010001')).thenThrows('incident.child_is_parent');
    // A parent cannot become a child: no nesting, so no cycle.
    given(HISTORIES.in_progress).when(command('AttachChildIncident', { childId: 'c-1', childStatus: 'in_progress', childHasChildren: true })).thenThrows('incident.child_is_parent');
    given([...HISTORIES.in_progress, event('IncidentChildAttached', { childId: 'c-1' })]).when(attach('c-1')).thenThrows('incident.child_already_attached');
    given([...HISTORIES.in_progress, event('IncidentChildAttached', { childId: 'c-1' })]).when(command('DetachChildIncident', { childId: 'c-1', reason: 'not related' })).then([event('IncidentChildDetached', { childId: 'c-1', reason: 'not related' })]);
    given(HISTORIES.in_progress).when(command('DetachChildIncident', { childId: 'c-1', reason: 'x' })).thenThrows('incident.child_not_attached');
  });

  it('have one parent at most, decided on the child: its claim names the parent, and a child of another is refused', () => {
    const claim = (parentId: string) => command('AttachToParent', { parentId });
    const claimed = given(HISTORIES.in_progress).when(claim('P-1')).then([event('IncidentAttachedToParent', { parentId: 'P-1' })]);
    expect(claimed).toMatchObject({ parentId: 'P-1' });
    const attached = [...HISTORIES.in_progress, event('IncidentAttachedToParent', { parentId: 'P-1' })];
    // The same parent again (a retry) decides nothing; another is told which parent holds it.
    given(attached).when(claim('P-1')).then([]);
    const other = given(attached).when(claim('P-2')).thenThrows('incident.child_has_parent', 'conflict');
    expect(other.details).toMatchObject({ parentId: 'P-1' });
    given(HISTORIES.resolved).when(claim('P-1')).thenThrows('incident.child_not_open');
    given([...HISTORIES.in_progress, event('IncidentChildAttached', { childId: 'c-1' })]).when(claim('P-1')).thenThrows('incident.child_is_parent');
    // A child cannot take children of its own.
    given(attached).when(attach('c-1')).thenThrows('incident.parent_is_child');
    // Detached from that parent, it is free again; a detachment naming another parent decides nothing.
    given(attached).when(command('DetachFromParent', { parentId: 'P-2', reason: 'x' })).then([]);
    const freed = given(attached).when(command('DetachFromParent', { parentId: 'P-1', reason: 'not related' })).then([event('IncidentDetachedFromParent', { parentId: 'P-1', reason: 'not related' })]);
    expect(freed).not.toHaveProperty('parentId');
  });

  it('are resolved only by the parent they are attached to', () => {
    given([...HISTORIES.in_progress, event('IncidentAttachedToParent', { parentId: 'OTHER' })]).when(withParent).then([]);
  });

  it("resolve an open child with its parent's resolution, naming the parent; a child resolved or closed already is left as it is", () => {
    given(HISTORIES.on_hold).when(withParent).then([
      event('IncidentResolved', { resolutionCode: 'solved_permanently', resolutionNotes: 'Spool emptied', resolutionNumber: 1, holdNumber: 1, byParent: { incidentId: 'PARENT', number: 'INC0010009' } }),
    ]);
    for (const status of ['resolved', 'closed', 'cancelled'] as const) given(HISTORIES[status]).when(withParent).then([]);
  });
});

describe('Workarounds told by problems', () => {
  const told = event('IncidentWorkaroundPublished', { problemId: 'p-1', problemNumber: 'PRB0010001', workaround: 'Restart the spooler' });
  const withdraw = command('WithdrawWorkaround', { problemId: 'p-1', problemNumber: 'PRB0010001', reason: 'another cause' });

  it('are withdrawn, with the reason, from an incident unlinked from the problem', () => {
    given([...HISTORIES.in_progress, told]).when(withdraw).then([event('IncidentWorkaroundWithdrawn', { problemId: 'p-1', problemNumber: 'PRB0010001', reason: 'another cause' })]);
  });

  it('withdraw nothing where none was told, or it was withdrawn already, or the incident is closed', () => {
    given(HISTORIES.in_progress).when(withdraw).then([]);
    given([...HISTORIES.in_progress, told, event('IncidentWorkaroundWithdrawn', { problemId: 'p-1', problemNumber: 'PRB0010001', reason: 'x' })]).when(withdraw).then([]);
    given([...HISTORIES.closed]).when(withdraw).then([]);
  });
});

describe('An incident awaiting a problem', () => {
  const held = [...HISTORIES.in_progress, event('IncidentPutOnHold', { reason: 'awaiting_problem', note: null, holdNumber: 1, awaiting: { kind: 'problem', reference: 'PRB0010001' } })];

  it('is resumed when the problem no longer links it, naming that cause', () => {
    given(held).when(command('ResumeIncidentForProblem', { problemId: 'p-1', problemNumber: 'PRB0010001', because: 'problem_unlinked' })).then([
      event('IncidentResumed', { holdNumber: 1, resumesTo: 'in_progress', cause: { kind: 'problem_unlinked', problemId: 'p-1', problemNumber: 'PRB0010001' } }),
    ]);
  });
});
