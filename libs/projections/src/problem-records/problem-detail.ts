import { hasReached } from '@itsm/event-store/port';
import type { ReadStore } from '@itsm/read-store/port';
import { getChangeRecord } from '../change-records/change-record-queries';
import { INCIDENT_DETAIL_KEY, type IncidentDetailDocument } from '../incident-detail/incident-detail-document';
import type { MajorIncidentReviewLine, ProblemRecordDocument } from './problem-record-document';

/** A problem record as stored (with the runner's position stamp) or as folded from the log (without). */
export type ProblemRecord = Omit<ProblemRecordDocument, '_position'> & { readonly _position?: string };

/** What clients see of a record: the search keys and the review lines' log positions are the store's business. */
export type ProblemRecordView = Omit<ProblemRecordDocument, '_position' | 'knownErrorCiId' | 'knownErrorCategory' | 'knownErrorSymptom' | 'majorIncidentReviews'>;

/** An incident or change a problem names, as its own read model shows it now; nulls while it has not caught up. */
export interface LinkedRecordView {
  readonly id: string;
  readonly number: string | null;
  readonly title: string | null;
  readonly status: string | null;
}

export interface ReviewingMajorIncident {
  readonly incidentId: string;
  readonly number: string | null;
  readonly title: string | null;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface ProblemDetail extends ProblemRecordView {
  readonly incidents: readonly LinkedRecordView[];
  readonly fixChange: LinkedRecordView | null;
  readonly majorIncidentReviews: readonly ReviewingMajorIncident[];
}

/** A past point of a problem: its n-th event's log position, or an instant (RFC 3339). */
export type ProblemPastPoint = { readonly position: string } | { readonly asOf: string };

export function problemRecordView(record: ProblemRecord): ProblemRecordView {
  const { _position, knownErrorCiId: _ci, knownErrorCategory: _category, knownErrorSymptom: _symptom, majorIncidentReviews: _reviews, ...view } = record;
  return view;
}

/**
 * A problem's detail: its record with its incidents, its fix change and the major incidents whose
 * review names it, each as its read model shows it now. One function for the record as it stands and
 * for a past state folded from the log, so both answer in one shape; a past state passes the reviews
 * recorded by then (reviewsRecordedBy), for the fold of its own stream does not see them.
 */
export async function problemDetail(store: ReadStore, record: ProblemRecord, reviews: readonly MajorIncidentReviewLine[] = record.majorIncidentReviews): Promise<ProblemDetail> {
  const named = [...new Set([...record.incidentIds, ...reviews.map((review) => review.incidentId)])];
  const incidents = await store.getMany<IncidentDetailDocument>(INCIDENT_DETAIL_KEY, named);
  const fix = record.fixChangeId === null ? null : await getChangeRecord(store, record.fixChangeId);
  return {
    ...problemRecordView(record),
    incidents: record.incidentIds.map((incidentId) => linked(incidentId, incidents.get(incidentId))),
    fixChange: record.fixChangeId === null ? null : linked(record.fixChangeId, fix),
    majorIncidentReviews: reviews.map(({ incidentId, recordedAt, recordedBy }) => {
      const incident = incidents.get(incidentId);
      return { incidentId, number: incident?.number ?? null, title: incident?.title ?? null, recordedAt, recordedBy };
    }),
  };
}

/**
 * Of a problem's reviews now, those recorded by a past point: at a revision, those before that event
 * in the log (as a change's past state shows other changes' schedules); at an instant, those that
 * occurred by then (as the fold takes the problem's own events). Reviews are incident facts, so the
 * fold of the problem's stream cannot give them.
 */
export function reviewsRecordedBy(reviews: readonly MajorIncidentReviewLine[], point: ProblemPastPoint): MajorIncidentReviewLine[] {
  if ('position' in point) return reviews.filter((review) => hasReached(point.position, review.position));
  const instant = Date.parse(point.asOf);
  return reviews.filter((review) => Date.parse(review.recordedAt) <= instant);
}

function linked(id: string, found: { readonly number: string | null; readonly title: string; readonly status: string } | null | undefined): LinkedRecordView {
  return { id, number: found?.number ?? null, title: found?.title ?? null, status: found?.status ?? null };
}
