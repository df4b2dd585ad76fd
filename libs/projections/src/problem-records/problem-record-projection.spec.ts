import { incidentStream, problemStream, type MajorIncidentReviewRecorded, type ProblemEvent } from '@itsm/domain';
import { expectRedeliveryHarmless, replay } from '../testing/replay';
import { TestEventLog } from '../testing/test-event-log';
import { problemRecordProjection } from './problem-record-projection';

const RAISED = { number: 'PRB0010001', title: 'Mail queue stalls', description: 'd', category: 'email', impact: 2, urgency: 2, priority: 3, priorityMatrixVersion: 'itil', configurationItemId: 'DB', assignmentGroup: 'database', assignee: null, incidentIds: ['INC1'] };

function problemLog() {
  const log = new TestEventLog();
  const problem = (problemId: string, type: ProblemEvent['type'], data: Record<string, unknown> = {}) => log.record(problemStream(problemId), { type, data: { problemId, ...data } } as ProblemEvent);
  const review = (incidentId: string, problemId: string | null, options: { actor?: string; previousProblemId?: string } = {}) => {
    const previous = options.previousProblemId === undefined ? {} : { previousProblemId: options.previousProblemId };
    return log.record(incidentStream(incidentId), { type: 'MajorIncidentReviewRecorded', data: { incidentId, whatHappened: 'w', timeline: 't', actions: 'a', problemId, ...previous } } satisfies MajorIncidentReviewRecorded, options);
  };
  return { log, problem, review };
}

const recordsAfter = (log: TestEventLog) => replay(problemRecordProjection, [log.events]);

describe('problem record projection', () => {
  it('keeps the published category and symptom for search in lower case without outer spaces, and shows them as published', () => {
    const { log, problem } = problemLog();
    problem('PRB1', 'ProblemRaised', RAISED);
    problem('PRB1', 'KnownErrorPublished', { symptom: ' Mail Stuck ', category: ' EMail', configurationItemId: 'DB', rootCause: 'spool full', workaround: 'restart' });
    expect(recordsAfter(log).get('PRB1')).toMatchObject({ knownErrorCategory: 'email', knownErrorSymptom: 'mail stuck', knownErrorCiId: 'DB', knownError: { category: ' EMail', symptom: ' Mail Stuck ' } });
  });

  it('lists the major incidents whose review names the problem, one line per incident, leaving the problem\'s revision and update stamp as they were', () => {
    const { log, problem, review } = problemLog();
    problem('PRB1', 'ProblemRaised', RAISED);
    const assigned = problem('PRB1', 'ProblemAssigned', { assignmentGroup: 'database', assignee: 'dora', previousAssignmentGroup: 'database', previousAssignee: null });
    const first = review('INC5', 'PRB1', { actor: 'ann' });
    review('INC6', null);
    review('INC7', 'PRB2');
    const again = review('INC5', 'PRB1', { actor: 'bob' });
    const other = review('INC8', 'PRB1');
    const record = recordsAfter(log).get('PRB1');
    expect(record).toMatchObject({ revision: assigned.revision, updatedAt: assigned.metadata.occurredAt, updatedBy: assigned.metadata.actor, _position: other.position });
    expect(record?.majorIncidentReviews).toEqual([
      { incidentId: 'INC5', recordedAt: again.metadata.occurredAt, recordedBy: 'bob', position: again.position },
      { incidentId: 'INC8', recordedAt: other.metadata.occurredAt, recordedBy: 'agent.smith', position: other.position },
    ]);
    expect(first.metadata.occurredAt).not.toBe(again.metadata.occurredAt);
    // A review naming no problem, or one never raised, makes no record.
    expect([...recordsAfter(log).keys()]).toEqual(['PRB1']);
  });

  it('drops the major incident from the problem its revised review no longer names', () => {
    const { log, problem, review } = problemLog();
    problem('PRB1', 'ProblemRaised', RAISED);
    problem('PRB2', 'ProblemRaised', { ...RAISED, number: 'PRB0010002' });
    review('INC5', 'PRB1');
    review('INC6', 'PRB1');
    review('INC5', 'PRB2', { previousProblemId: 'PRB1' });
    review('INC6', null, { previousProblemId: 'PRB1' });
    expect(recordsAfter(log).get('PRB1')?.majorIncidentReviews).toEqual([]);
    expect(recordsAfter(log).get('PRB2')?.majorIncidentReviews.map((line) => line.incidentId)).toEqual(['INC5']);
  });

  it('starts a problem with no reviews, and rebuilds the same records from the log whatever its batches, each event delivered twice changing nothing', () => {
    const { log, problem, review } = problemLog();
    problem('PRB1', 'ProblemRaised', RAISED);
    expect(recordsAfter(log).get('PRB1')?.majorIncidentReviews).toEqual([]);
    review('INC5', 'PRB1');
    problem('PRB1', 'ProblemIncidentLinked', { incidentId: 'INC5' });
    review('INC5', 'PRB1');
    expectRedeliveryHarmless(problemRecordProjection, log.events);
    expect(replay(problemRecordProjection, log.events.map((event) => [event]))).toEqual(recordsAfter(log));
  });
});
