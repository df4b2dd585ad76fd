import { reviewsRecordedBy } from './problem-detail';

const review = (incidentId: string, position: number, recordedAt: string) => ({ incidentId, recordedAt: `2026-03-0${recordedAt}:00.000Z`, recordedBy: 'ann', position: String(position).padStart(20, '0') });

describe("a problem's reviews at a past point", () => {
  const reviews = [review('INC1', 10, '1T09:00'), review('INC2', 20, '2T09:00')];

  it('at a revision: those before its event in the log, its own position included', () => {
    expect(reviewsRecordedBy(reviews, { position: '00000000000000000009' })).toEqual([]);
    expect(reviewsRecordedBy(reviews, { position: '00000000000000000010' })).toEqual([reviews[0]]);
    expect(reviewsRecordedBy(reviews, { position: '00000000000000000030' })).toEqual(reviews);
  });

  it('at an instant: those that occurred by then', () => {
    expect(reviewsRecordedBy(reviews, { asOf: '2026-03-01T08:59:59Z' })).toEqual([]);
    expect(reviewsRecordedBy(reviews, { asOf: '2026-03-01T10:00:00+01:00' })).toEqual([reviews[0]]);
    expect(reviewsRecordedBy(reviews, { asOf: '2026-03-02T09:00:00.000Z' })).toEqual(reviews);
  });
});
