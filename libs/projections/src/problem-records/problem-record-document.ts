import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import { projectionKey } from '../shared/projection-key';

// Version 2: the major incidents whose review names the problem (incident streams read too); the
// known-error category kept for search in lower case, as the symptom is, so the search ignores case.
export const PROBLEM_RECORDS = { name: 'problem_records', version: 2 } as const;
export const PROBLEM_RECORDS_KEY = projectionKey(PROBLEM_RECORDS);

/** A known error as published: found by CI, category and symptom. */
export interface KnownErrorView {
  readonly symptom: string;
  readonly category: string;
  readonly configurationItemId: string | null;
  readonly rootCause: string;
  readonly workaround: string;
  readonly publishedAt: string;
  readonly publishedBy: string;
}

/**
 * A major incident whose review names this problem as the one that follows it: one line per incident,
 * its latest such review.
 */
export interface MajorIncidentReviewLine {
  readonly incidentId: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  /** The review's log position: a past state of the problem shows only the reviews recorded by then. */
  readonly position: string;
}

/** One problem as its detail, its group's queue and the known errors read it. */
export interface ProblemRecordDocument extends StoredDocument {
  readonly number: string | null;
  readonly title: string;
  readonly description: string;
  readonly category: string;
  readonly status: string;
  /** Live: neither closed nor cancelled (the queues show these). */
  readonly active: boolean;
  readonly impact: number;
  readonly urgency: number;
  readonly priority: number;
  readonly priorityMatrixVersion: string;
  readonly configurationItemId: string | null;
  readonly assignmentGroup: string | null;
  readonly assignee: string | null;
  readonly incidentIds: readonly string[];
  readonly rootCause: string | null;
  readonly rootCauseCategory: string | null;
  readonly workaround: string | null;
  readonly knownError: KnownErrorView | null;
  /**
   * Flattened for the known-error search: present only while published (absent fields are not indexed
   * as values). Category and symptom in lower case without outer spaces (matchKey), so that a search
   * ignores case with an exact, indexed match rather than a pattern built from user input.
   */
  readonly knownErrorCiId?: string;
  readonly knownErrorCategory?: string;
  readonly knownErrorSymptom?: string;
  readonly fixChangeId: string | null;
  /** Incident facts, not the problem's own: they change neither its revision nor its update stamp. */
  readonly majorIncidentReviews: readonly MajorIncidentReviewLine[];
  readonly resolution: string | null;
  readonly overrideReason: string | null;
  readonly raisedBy: string;
  readonly raisedAt: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
  readonly resolvedAt: string | null;
  readonly closedAt: string | null;
  readonly cancelledAt: string | null;
  readonly cancellationReason: string | null;
  readonly revision: number;
}

export const PROBLEM_RECORDS_COLLECTION: CollectionDefinition = {
  name: PROBLEM_RECORDS_KEY,
  indexes: [
    { fields: ['assignmentGroup', 'active', 'priority', 'raisedAt'] },
    { fields: ['status', 'raisedAt'] },
    { fields: ['knownErrorCiId'] },
    { fields: ['knownErrorCategory', 'knownErrorSymptom'] },
  ],
};
