import type { ChangeEvent } from '../change';
import { changeConformance, type RecordedChangeFact } from './change-conformance';

const WINDOW = { start: '2026-03-10T10:00:00.000Z', end: '2026-03-10T12:00:00.000Z' };
const OPTIONS = { retrospectiveReviewDays: 5, until: '2026-04-01T00:00:00.000Z' };
let position = 0;

/** One change's facts: [time (March 2026), actor, type, data]; positions count up across the whole spec. */
function change(changeId: string, changeType: 'normal' | 'emergency', ...steps: [string, string, ChangeEvent['type'], Record<string, unknown>?][]): RecordedChangeFact[] {
  const raised: [string, string, ChangeEvent['type'], Record<string, unknown>?] = ['01T09:00', 'rita', 'ChangeRaised', { changeType, requester: 'rita', contentHash: 'h1', number: `CHG-${changeId}` }];
  return [raised, ...steps].map(([time, actor, type, data], revision) => ({
    position: String(++position).padStart(20, '0'),
    revision,
    occurredAt: `2026-03-${time}:00.000Z`,
    actor,
    event: { type, data: { changeId, ...data } } as unknown as ChangeEvent,
  }));
}
const approved = (approver: string, contentHash = 'h1'): [string, string, ChangeEvent['type'], Record<string, unknown>] => ['02T09:00', approver, 'ChangeApproved', { approver, contentHash }];
const authorized = (contentHash = 'h1'): [string, string, ChangeEvent['type'], Record<string, unknown>] => ['02T10:00', 'system', 'ChangeAuthorized', { contentHash, basis: 'approvals' }];
const scheduled: [string, string, ChangeEvent['type'], Record<string, unknown>] = ['03T09:00', 'ivan', 'ChangeScheduled', { window: WINDOW }];
const started = (time = '10T10:30', actor = 'ivan', retrospectiveReviewRequired = false): [string, string, ChangeEvent['type'], Record<string, unknown>] => [time, actor, 'ChangeImplementationStarted', { retrospectiveReviewRequired }];

const clean = () => change('OK', 'normal', approved('carl'), authorized(), scheduled, started(), ['10T11:30', 'ivan', 'ChangeImplementationCompleted', { outcome: 'successful' }], ['11T09:00', 'ivan', 'ChangeClosed']);
const reviewedEmergency = () => change('E-OK', 'emergency', started('05T03:00', 'ivan', true), ['07T09:00', 'eve', 'ChangeRetrospectiveReviewRecorded', { reviewer: 'eve', outcome: 'endorsed' }]);

describe('Clause 8.5.1, change management: the nonconformities a change shows, with the positions that prove them', () => {
  it('finds nothing in changes that followed the process, an emergency reviewed in time included', () => {
    for (const facts of [clean(), reviewedEmergency()]) expect(changeConformance(facts, OPTIONS).nonconformities).toEqual([]);
    expect(changeConformance(clean(), OPTIONS).evidence).toMatchObject({ changeId: 'OK', number: 'CHG-OK', authorizedContentHash: 'h1', implementer: 'ivan', implementedContentHash: 'h1', outcome: 'successful', window: WINDOW });
  });

  it.each([
    ['implemented_before_authorization', () => change('A', 'normal', scheduled, started()), [2]],
    ['approver_is_requester', () => change('B', 'normal', approved('rita'), approved('carl'), authorized(), scheduled, started()), [1]],
    ['approver_is_implementer', () => change('C', 'normal', approved('ivan'), approved('carl'), authorized(), scheduled, started()), [1, 5]],
    ['emergency_without_retrospective_review', () => change('D', 'emergency', started('05T03:00', 'ivan', true)), [1]],
    ['implemented_outside_window', () => change('F', 'normal', approved('carl'), authorized(), scheduled, started('10T13:00')), [4]],
    ['implemented_content_not_approved', () => change('G', 'normal', approved('carl'), authorized(), scheduled, ['04T09:00', 'rita', 'ChangeUpdated', { changes: {}, previousContentHash: 'h1', contentHash: 'h2' }], started()), [2, 5]],
  ] as const)('finds %s, and only it, at the facts that show it', (kind, facts, revisions) => {
    const recorded = facts();
    const { nonconformities } = changeConformance(recorded, OPTIONS);
    expect(nonconformities.map((found) => [found.clause, found.kind, found.positions])).toEqual([['8.5.1', kind, revisions.map((revision) => recorded[revision]!.position)]]);
  });

  it('an emergency review that came late is a nonconformity; one not due by the end of the period is not yet', () => {
    const late = change('L', 'emergency', started('05T03:00', 'ivan', true), ['20T09:00', 'eve', 'ChangeRetrospectiveReviewRecorded', { reviewer: 'eve', outcome: 'endorsed' }]);
    expect(changeConformance(late, OPTIONS).nonconformities.map(({ kind, at }) => [kind, at])).toEqual([['emergency_without_retrospective_review', '2026-03-20T09:00:00.000Z']]);
    expect(changeConformance(change('N', 'emergency', started('30T03:00', 'ivan', true)), OPTIONS).nonconformities).toEqual([]);
  });
});
