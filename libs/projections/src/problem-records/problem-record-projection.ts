import { assertNever, INCIDENT_STREAM_PREFIX, PROBLEM_EVENT_TYPES, PROBLEM_STREAM_PREFIX, type MajorIncidentReviewRecorded, type ProblemEvent } from '@itsm/domain';
import type { DomainRecordedEvent, Projection } from '../projection';
import { matchKey } from './match-key';
import { PROBLEM_RECORDS, PROBLEM_RECORDS_COLLECTION, type ProblemRecordDocument } from './problem-record-document';

type Doc = Omit<ProblemRecordDocument, '_position'>;
/** The problem's own facts, and the one incident fact that names a problem: a major incident's review. */
export type ProblemRecordEvent = ProblemEvent | MajorIncidentReviewRecorded;

export const problemRecordProjection: Projection<ProblemRecordEvent, ProblemRecordDocument> = {
  ...PROBLEM_RECORDS,
  collection: PROBLEM_RECORDS_COLLECTION,
  // Incident streams too, for the reviews; every other incident fact is skipped by type.
  streamPrefixes: [PROBLEM_STREAM_PREFIX, INCIDENT_STREAM_PREFIX],
  handles: [...PROBLEM_EVENT_TYPES, 'MajorIncidentReviewRecorded'],
  documentIds: problemIdsOf,
  evolve: evolveProblemRecord,
};

/** A review touches the problem it names, and the one a revised review no longer names. */
function problemIdsOf(event: DomainRecordedEvent<ProblemRecordEvent>): readonly string[] {
  if (event.type !== 'MajorIncidentReviewRecorded') return [event.data.problemId];
  return [event.data.problemId, event.data.previousProblemId].filter((id): id is string => typeof id === 'string');
}

export function evolveProblemRecord(doc: ProblemRecordDocument | Doc | null, event: DomainRecordedEvent<ProblemRecordEvent>): Doc | null {
  const { actor, occurredAt } = event.metadata;
  if (event.type === 'MajorIncidentReviewRecorded') return doc === null ? null : namedByReview(doc, event);
  if (event.type === 'ProblemRaised') {
    if (doc !== null) return doc;
    const { problemId, number, title, description, category, impact, urgency, priority, priorityMatrixVersion, configurationItemId, assignmentGroup, assignee, incidentIds } = event.data;
    return {
      id: problemId, number, title, description, category, status: 'new', active: true, impact, urgency, priority, priorityMatrixVersion, configurationItemId, assignmentGroup, assignee,
      incidentIds: [...incidentIds], rootCause: null, rootCauseCategory: null, workaround: null, knownError: null, fixChangeId: null, majorIncidentReviews: [], resolution: null, overrideReason: null,
      raisedBy: actor, raisedAt: occurredAt, updatedBy: actor, updatedAt: occurredAt, resolvedAt: null, closedAt: null, cancelledAt: null, cancellationReason: null, revision: event.revision,
    };
  }
  if (doc === null) return null;
  const touched = { ...doc, updatedBy: actor, updatedAt: occurredAt, revision: event.revision };
  switch (event.type) {
    case 'ProblemAssigned':
      return { ...touched, assignmentGroup: event.data.assignmentGroup, assignee: event.data.assignee };
    case 'ProblemReclassified':
      return { ...touched, impact: event.data.impact, urgency: event.data.urgency, priority: event.data.priority, priorityMatrixVersion: event.data.priorityMatrixVersion };
    case 'ProblemAssessed':
      return { ...touched, status: 'assessed' };
    case 'ProblemRootCauseAnalysisStarted':
      return { ...touched, status: 'root_cause_analysis' };
    case 'ProblemRootCauseRecorded':
      return { ...touched, rootCause: event.data.rootCause, rootCauseCategory: event.data.rootCauseCategory };
    case 'ProblemWorkaroundRecorded':
      return { ...touched, workaround: event.data.workaround };
    case 'ProblemIncidentLinked':
      return { ...touched, incidentIds: [...new Set([...doc.incidentIds, event.data.incidentId])].sort() };
    case 'ProblemIncidentUnlinked':
      return { ...touched, incidentIds: doc.incidentIds.filter((id) => id !== event.data.incidentId) };
    case 'KnownErrorPublished': {
      const { symptom, category, configurationItemId, rootCause, workaround } = event.data;
      const knownError = { symptom, category, configurationItemId, rootCause, workaround, publishedAt: occurredAt, publishedBy: actor };
      return { ...touched, knownError, knownErrorCategory: matchKey(category), knownErrorSymptom: matchKey(symptom), ...(configurationItemId === null ? {} : { knownErrorCiId: configurationItemId }) };
    }
    case 'ProblemFixStarted':
      return { ...touched, status: 'fix_in_progress' };
    case 'ProblemFixChangeLinked':
      return { ...touched, fixChangeId: event.data.changeId };
    case 'ProblemResolved':
      return { ...touched, status: 'resolved', resolution: event.data.resolution, overrideReason: event.data.overrideReason, resolvedAt: occurredAt };
    case 'ProblemClosed':
      return { ...touched, status: 'closed', active: false, closedAt: occurredAt };
    case 'ProblemCancelled': {
      // A cancelled problem's known error is no longer found.
      const { knownErrorCiId: _ci, knownErrorCategory: _category, knownErrorSymptom: _symptom, ...kept } = touched;
      return { ...kept, status: 'cancelled', active: false, cancelledAt: occurredAt, cancellationReason: event.data.reason };
    }
    default:
      return assertNever(event);
  }
}

/**
 * The review's incident listed once, with its latest review naming this problem (a review recorded
 * again replaces its line). The problem's revision and update stamp stay: they are its own stream's,
 * and If-Match names that stream. A review revised to name another problem leaves the problem it
 * named before (reviews recorded before incident schema version 8 do not say which, and stay listed).
 */
function namedByReview(doc: ProblemRecordDocument | Doc, event: DomainRecordedEvent<MajorIncidentReviewRecorded>): Doc {
  const { incidentId } = event.data;
  const others = doc.majorIncidentReviews.filter((review) => review.incidentId !== incidentId);
  if (doc.id !== event.data.problemId) return { ...doc, majorIncidentReviews: others };
  const line = { incidentId, recordedAt: event.metadata.occurredAt, recordedBy: event.metadata.actor, position: event.position };
  return { ...doc, majorIncidentReviews: [...others, line] };
}
