import { DEFAULT_PRIORITY_MATRIX } from '../incident/priority-matrix';
import { fold } from '../shared/decider';
import type { ProblemCommand } from './problem-commands';
import type { ProblemEvent } from './problem-events';
import { problemDecider, type ProblemState } from './problem-decider';

const PROBLEM = 'p-1';
const context = { actor: 'pat', now: '2026-11-30T09:00:00.000Z' };
const cmd = (type: ProblemCommand['type'], data: object = {}): ProblemCommand => ({ type, problemId: PROBLEM, data, context }) as ProblemCommand;
const raise = (data: object = {}) =>
  cmd('RaiseProblem', { title: 'Mail queue stalls', description: 'Every Monday', category: 'email', impact: 2, urgency: 1, priorityMatrix: DEFAULT_PRIORITY_MATRIX, ...data });

/** Decides each command on the state the ones before left, and answers every event. */
function run(...commands: ProblemCommand[]): { events: ProblemEvent[]; state: ProblemState } {
  const events: ProblemEvent[] = [];
  let state = problemDecider.initialState;
  for (const command of commands) {
    const decided = problemDecider.decide(command, state);
    events.push(...decided);
    state = fold({ ...problemDecider, initialState: state }, decided);
  }
  return { events, state };
}
const refusal = (commands: ProblemCommand[]) => {
  try {
    run(...commands);
  } catch (error) {
    return error as { code: string; kind: string; details: Record<string, unknown> };
  }
  throw new Error('accepted');
};
const toRootCause = [raise(), cmd('AssessProblem'), cmd('StartRootCauseAnalysis'), cmd('RecordRootCause', { rootCause: 'A cron job fills the spool', rootCauseCategory: 'configuration' })];

describe('A problem', () => {
  it('is raised from incidents with a priority from the matrix, its incidents linked from the start', () => {
    const { events, state } = run(raise({ incidentIds: ['i-2', 'i-1', 'i-2'], incidents: { 'i-1': 'open', 'i-2': 'closed' }, assignmentGroup: 'messaging', number: 'PRB0010001' }));
    expect(events).toEqual([
      {
        type: 'ProblemRaised',
        data: { problemId: PROBLEM, number: 'PRB0010001', title: 'Mail queue stalls', description: 'Every Monday', category: 'email', impact: 2, urgency: 1, priority: 2, priorityMatrixVersion: DEFAULT_PRIORITY_MATRIX.version, configurationItemId: null, assignmentGroup: 'messaging', assignee: null, incidentIds: ['i-1', 'i-2'] },
      },
    ]);
    expect(state).toMatchObject({ status: 'new', incidentIds: ['i-1', 'i-2'] });
  });

  it('refuses an incident that was never opened, and blank fields, naming them', () => {
    expect(refusal([raise({ incidentIds: ['i-9'], incidents: { 'i-9': 'unknown' } })])).toMatchObject({ code: 'problem.incident_unknown', details: { incidentId: 'i-9' } });
    expect(refusal([raise({ title: ' ' })])).toMatchObject({ code: 'problem.invalid_field', details: { field: 'title' } });
    expect(refusal([raise({ assignee: 'ann' })])).toMatchObject({ code: 'problem.invalid_field', details: { field: 'assignmentGroup' } });
  });

  it('goes new → assessed → root cause analysis → fix in progress → resolved → closed, one stage at a time', () => {
    const { state } = run(...toRootCause, cmd('StartFix'), cmd('ResolveProblem', { resolution: 'Cron job moved' }), cmd('CloseProblem'));
    expect(state).toEqual({ status: 'closed', problemId: PROBLEM });
    expect(refusal([raise(), cmd('StartRootCauseAnalysis')])).toMatchObject({ code: 'problem.wrong_stage', details: { status: 'new', expected: ['assessed'] } });
    expect(refusal([raise(), cmd('AssessProblem'), cmd('StartFix')])).toMatchObject({ code: 'problem.wrong_stage' });
    expect(refusal([raise(), cmd('AssessProblem'), cmd('StartRootCauseAnalysis'), cmd('StartFix')])).toMatchObject({ code: 'problem.root_cause_required' });
    expect(refusal([raise(), cmd('CloseProblem')])).toMatchObject({ code: 'problem.not_resolved' });
    expect(refusal([raise(), cmd('ResolveProblem', { resolution: 'went away' })])).toMatchObject({ code: 'problem.wrong_stage', details: { expected: ['root_cause_analysis', 'fix_in_progress'] } });
    expect(refusal([...toRootCause, cmd('ResolveProblem', { resolution: 'x' }), cmd('ResolveProblem', { resolution: 'x' })])).toMatchObject({ code: 'problem.already_resolved' });
    expect(refusal([raise(), cmd('CancelProblem', { reason: 'duplicate' }), cmd('AssessProblem')])).toMatchObject({ code: 'problem.cancelled' });
    expect(refusal([cmd('AssessProblem')])).toMatchObject({ code: 'problem.not_found', kind: 'not_found' });
  });

  it('links and unlinks incidents, each once, an unlink with its reason', () => {
    const { events, state } = run(raise(), cmd('LinkIncident', { incidentId: 'i-1', incidents: { 'i-1': 'open' } }), cmd('LinkIncident', { incidentId: 'i-0' }), cmd('UnlinkIncident', { incidentId: 'i-1', reason: 'another cause' }));
    expect(events.slice(1).map((event) => event.type)).toEqual(['ProblemIncidentLinked', 'ProblemIncidentLinked', 'ProblemIncidentUnlinked']);
    expect(state).toMatchObject({ incidentIds: ['i-0'] });
    expect(refusal([raise(), cmd('LinkIncident', { incidentId: 'i-1' }), cmd('LinkIncident', { incidentId: 'i-1' })])).toMatchObject({ code: 'problem.incident_already_linked' });
    expect(refusal([raise(), cmd('UnlinkIncident', { incidentId: 'i-1', reason: 'x' })])).toMatchObject({ code: 'problem.incident_not_linked' });
    expect(refusal([raise(), cmd('LinkIncident', { incidentId: 'i-1', incidents: {} })])).toMatchObject({ code: 'problem.incident_unknown' });
  });

  it('is published as a known error only with its root cause and workaround, again only when something changed', () => {
    expect(refusal([raise(), cmd('PublishKnownError', { symptom: 'Mail stuck' })])).toMatchObject({ code: 'problem.root_cause_required' });
    expect(refusal([...toRootCause, cmd('PublishKnownError', { symptom: 'Mail stuck' })])).toMatchObject({ code: 'problem.workaround_required' });
    const published = run(...toRootCause, cmd('RecordWorkaround', { workaround: 'Restart the spooler' }), cmd('PublishKnownError', { symptom: 'Mail stuck' }));
    expect(published.events.at(-1)).toEqual({ type: 'KnownErrorPublished', data: { problemId: PROBLEM, symptom: 'Mail stuck', category: 'email', configurationItemId: null, rootCause: 'A cron job fills the spool', workaround: 'Restart the spooler' } });
    expect(refusal([...toRootCause, cmd('RecordWorkaround', { workaround: 'w' }), cmd('PublishKnownError', { symptom: 's' }), cmd('PublishKnownError', { symptom: 's' })])).toMatchObject({ code: 'problem.known_error_unchanged' });
    const republished = run(...toRootCause, cmd('RecordWorkaround', { workaround: 'w' }), cmd('PublishKnownError', { symptom: 's' }), cmd('RecordWorkaround', { workaround: 'w2' }), cmd('PublishKnownError', { symptom: 's' }));
    expect(republished.events.at(-1)).toMatchObject({ type: 'KnownErrorPublished', data: { workaround: 'w2' } });
  });

  it('with a fix change linked, is resolved only once that change closed successful, or with a reason why not', () => {
    const fixing = [...toRootCause, cmd('StartFix'), cmd('LinkFixChange', { changeId: 'c-1', change: { changeId: 'c-1', status: 'implementing', outcome: null } })];
    expect(refusal([...fixing, cmd('ResolveProblem', { resolution: 'done', fixChange: { changeId: 'c-1', status: 'implemented', outcome: 'successful' } })])).toMatchObject({
      code: 'problem.fix_change_not_successful',
      details: { changeId: 'c-1', status: 'implemented', outcome: 'successful' },
    });
    expect(refusal([...fixing, cmd('ResolveProblem', { resolution: 'done', fixChange: { changeId: 'c-1', status: 'closed', outcome: 'failed' } })])).toMatchObject({ code: 'problem.fix_change_not_successful' });
    const successful = { changeId: 'c-1', status: 'closed', outcome: 'successful' };
    const fixed = run(...fixing, cmd('ResolveProblem', { resolution: 'done', fixChange: successful }));
    expect(fixed.events.at(-1)).toEqual({ type: 'ProblemResolved', data: { problemId: PROBLEM, resolution: 'done', fixChangeId: 'c-1', overrideReason: null, incidentIds: [] } });
    // A reason given where there is nothing to override is refused, never dropped in silence.
    expect(refusal([...fixing, cmd('ResolveProblem', { resolution: 'done', fixChange: successful, overrideReason: 'not needed' })])).toMatchObject({ code: 'problem.override_not_needed', details: { field: 'overrideReason' } });
    expect(refusal([...fixing, cmd('LinkFixChange', { changeId: 'c-1', change: { changeId: 'c-1', status: 'implementing', outcome: null } })])).toMatchObject({ code: 'problem.fix_change_unchanged' });
    const overridden = run(...fixing, cmd('ResolveProblem', { resolution: 'went away', overrideReason: 'the vendor patched it', fixChange: { changeId: 'c-1', status: 'cancelled', outcome: null } }));
    expect(overridden.events.at(-1)).toMatchObject({ data: { fixChangeId: 'c-1', overrideReason: 'the vendor patched it' } });
    expect(refusal([...toRootCause, cmd('LinkFixChange', { changeId: 'c-9', change: null })])).toMatchObject({ code: 'problem.fix_change_unknown' });
  });

  it('records a workaround again only when it changes', () => {
    const workaround = cmd('RecordWorkaround', { workaround: 'Restart the spooler' });
    expect(refusal([...toRootCause, workaround, workaround])).toMatchObject({ code: 'problem.workaround_unchanged' });
  });

  it('once resolved, keeps its incidents, workaround, known error and fix as they were; it may still be assigned and closed', () => {
    const resolved = [...toRootCause, cmd('RecordWorkaround', { workaround: 'w' }), cmd('ResolveProblem', { resolution: 'fixed' })];
    const settled = [
      cmd('LinkIncident', { incidentId: 'i-1' }),
      cmd('UnlinkIncident', { incidentId: 'i-1', reason: 'x' }),
      cmd('RecordWorkaround', { workaround: 'w2' }),
      cmd('PublishKnownError', { symptom: 's' }),
      cmd('LinkFixChange', { changeId: 'c-1', change: { changeId: 'c-1', status: 'closed', outcome: 'successful' } }),
    ];
    for (const late of settled) expect({ late: late.type, code: refusal([...resolved, late]).code }).toEqual({ late: late.type, code: 'problem.already_resolved' });
    expect(run(...resolved, cmd('AssignProblem', { assignmentGroup: 'ops' }), cmd('CloseProblem')).state.status).toBe('closed');
  });

  it('names the incidents linked when it is resolved: those awaiting it are resumed from that fact', () => {
    const { events } = run(raise({ incidentIds: ['i-1'] }), cmd('LinkIncident', { incidentId: 'i-2' }), cmd('AssessProblem'), cmd('StartRootCauseAnalysis'), cmd('ResolveProblem', { resolution: 'fixed' }));
    expect(events.at(-1)).toMatchObject({ type: 'ProblemResolved', data: { incidentIds: ['i-1', 'i-2'] } });
  });
});
