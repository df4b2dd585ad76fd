import { assertNever, PROBLEM_EVENT_TYPES, PROBLEM_STREAM_PREFIX, type ProblemEvent } from '@itsm/domain';
import type { DomainRecordedEvent, Projection } from '../projection';
import { PROBLEM_RECORDS, PROBLEM_RECORDS_COLLECTION, type ProblemRecordDocument } from './problem-record-document';

type Doc = Omit<ProblemRecordDocument, '_position'>;

export const problemRecordProjection: Projection<ProblemEvent, ProblemRecordDocument> = {
  ...PROBLEM_RECORDS,
  collection: PROBLEM_RECORDS_COLLECTION,
  streamPrefixes: [PROBLEM_STREAM_PREFIX],
  handles: PROBLEM_EVENT_TYPES,
  documentIds: (event) => [event.data.problemId],
  evolve: evolveProblemRecord,
};

export function evolveProblemRecord(doc: ProblemRecordDocument | Doc | null, event: DomainRecordedEvent<ProblemEvent>): Doc | null {
  const { actor, occurredAt } = event.metadata;
  if (event.type === 'ProblemRaised') {
    if (doc !== null) return doc;
    const { problemId, number, title, description, category, impact, urgency, priority, priorityMatrixVersion, configurationItemId, assignmentGroup, assignee, incidentIds } = event.data;
    return {
      id: problemId, number, title, description, category, status: 'new', active: true, impact, urgency, priority, priorityMatrixVersion, configurationItemId, assignmentGroup, assignee,
      incidentIds: [...incidentIds], rootCause: null, rootCauseCategory: null, workaround: null, knownError: null, fixChangeId: null, resolution: null, overrideReason: null,
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
      return { ...touched, knownError, knownErrorCategory: category, knownErrorSymptom: symptom.toLowerCase(), ...(configurationItemId === null ? {} : { knownErrorCiId: configurationItemId }) };
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
