import type { ChangeEvent, ChangeType } from '../change';

/**
 * ISO/IEC 20000-1 clause 8.5.1 (change management), read from one change's facts: what happened, and
 * where the process was not followed, each nonconformity with the log positions that prove it. Pure:
 * the facts and the period in, the evidence out, so the same log always gives the same pack.
 */
export interface RecordedChangeFact {
  readonly position: string;
  readonly revision: number;
  readonly occurredAt: string;
  readonly actor: string;
  readonly event: ChangeEvent;
}

export const CHANGE_NONCONFORMITIES = {
  implemented_before_authorization: 'Implementation started while the change was not authorized (not an emergency change flagged for retrospective review).',
  approver_is_requester: 'An approval was given by the change\'s requester.',
  approver_is_implementer: 'An approval was given by the person who implemented the change.',
  emergency_without_retrospective_review: 'An emergency change implemented without its retrospective review within the allowed days.',
  implemented_outside_window: 'Implementation started outside the approved window (not an emergency change flagged for retrospective review).',
  implemented_content_not_approved: 'The content implemented is not the content the authorization was bound to.',
} as const;
export type ChangeNonconformityKind = keyof typeof CHANGE_NONCONFORMITIES;

export interface Nonconformity {
  readonly clause: string;
  readonly kind: string;
  readonly record: { readonly kind: 'change' | 'incident' | 'ci' | 'problem'; readonly id: string; readonly number: string | null };
  /** When it happened: the instant of the fact that shows it (or of the deadline missed). */
  readonly at: string;
  readonly detail: string;
  /** The log positions of the facts that prove it, in log order. */
  readonly positions: readonly string[];
}

export interface ChangeEvidence {
  readonly changeId: string;
  readonly number: string | null;
  readonly changeType: ChangeType;
  readonly requester: string;
  readonly raisedAt: string;
  readonly affectedCiIds: readonly string[];
  readonly approvals: readonly { readonly approver: string; readonly at: string; readonly contentHash: string; readonly position: string }[];
  readonly authorizedAt: string | null;
  readonly authorizedContentHash: string | null;
  readonly window: { readonly start: string; readonly end: string } | null;
  readonly implementationStartedAt: string | null;
  readonly implementer: string | null;
  readonly implementedContentHash: string | null;
  readonly outcome: string | null;
  readonly retrospectiveReviewAt: string | null;
  readonly closedAt: string | null;
  readonly cancelledAt: string | null;
}

export interface ChangeConformanceOptions {
  /** Days after implementation within which an emergency change's retrospective review is due. */
  readonly retrospectiveReviewDays: number;
  /** The end of the period: a review not due by then is not (yet) missing. */
  readonly until: string;
}

const DAY_MS = 86_400_000;

/** One change's evidence and nonconformities, from its facts in stream order (up to the period's end). */
export function changeConformance(facts: readonly RecordedChangeFact[], options: ChangeConformanceOptions): { readonly evidence: ChangeEvidence | null; readonly nonconformities: readonly Nonconformity[] } {
  const found: Nonconformity[] = [];
  let evidence: ChangeEvidence | null = null;
  let contentHash = '';
  let authorization: { contentHash: string; position: string } | null = null;
  let window: { start: string; end: string } | null = null;
  let implementation: { at: string; position: string; flagged: boolean } | null = null;
  let review: { at: string; position: string } | null = null;
  const approvals: { approver: string; at: string; contentHash: string; position: string }[] = [];
  const flag = (kind: ChangeNonconformityKind, at: string, positions: readonly string[], detail: string = CHANGE_NONCONFORMITIES[kind]) => {
    if (evidence !== null) found.push({ clause: '8.5.1', kind, record: { kind: 'change', id: evidence.changeId, number: evidence.number }, at, detail, positions });
  };
  for (const fact of facts) {
    if (fact.occurredAt >= options.until) break;
    const { event, occurredAt: at, position } = fact;
    if (event.type === 'ChangeRaised') {
      const { changeId, number, changeType, requester } = event.data;
      contentHash = event.data.contentHash;
      evidence = { changeId, number: number ?? null, changeType, requester, raisedAt: at, affectedCiIds: event.data.affectedCiIds ?? [], approvals: [], authorizedAt: null, authorizedContentHash: null, window: null, implementationStartedAt: null, implementer: null, implementedContentHash: null, outcome: null, retrospectiveReviewAt: null, closedAt: null, cancelledAt: null };
      continue;
    }
    if (evidence === null) continue;
    switch (event.type) {
      case 'ChangeUpdated':
        contentHash = event.data.contentHash;
        if (event.data.changes.affectedCiIds !== undefined) evidence = { ...evidence, affectedCiIds: event.data.changes.affectedCiIds };
        break;
      case 'ApprovalsInvalidated':
        contentHash = event.data.contentHash;
        authorization = null;
        evidence = { ...evidence, authorizedAt: null, authorizedContentHash: null };
        break;
      case 'ChangeApproved':
        approvals.push({ approver: event.data.approver, at, contentHash: event.data.contentHash, position });
        if (event.data.approver === evidence.requester) flag('approver_is_requester', at, [position], `${event.data.approver} approved the change they requested.`);
        break;
      case 'ChangeRejected':
        authorization = null;
        break;
      case 'ChangeAuthorized':
        authorization = { contentHash: event.data.contentHash, position };
        evidence = { ...evidence, authorizedAt: at, authorizedContentHash: event.data.contentHash };
        break;
      case 'ChangeScheduled':
        window = event.data.window;
        evidence = { ...evidence, window };
        break;
      case 'ChangeUnscheduled':
        window = null;
        break;
      case 'ChangeImplementationStarted': {
        const flagged = event.data.retrospectiveReviewRequired && evidence.changeType === 'emergency';
        implementation = { at, position, flagged };
        evidence = { ...evidence, implementationStartedAt: at, implementer: fact.actor, implementedContentHash: contentHash };
        if (authorization === null && !flagged) flag('implemented_before_authorization', at, [position]);
        if (authorization !== null && authorization.contentHash !== contentHash) {
          flag('implemented_content_not_approved', at, [authorization.position, position], `Authorized ${authorization.contentHash}, implemented ${contentHash}.`);
        }
        if (!flagged && (window === null || at < window.start || at >= window.end)) {
          flag('implemented_outside_window', at, [position], window === null ? 'Implementation started with no approved window.' : `Started ${at}, window ${window.start} to ${window.end}.`);
        }
        for (const approval of approvals) {
          if (approval.approver === fact.actor) flag('approver_is_implementer', at, [approval.position, position], `${fact.actor} approved the change and implemented it.`);
        }
        break;
      }
      case 'ChangeImplementationCompleted':
        evidence = { ...evidence, outcome: event.data.outcome };
        break;
      case 'ChangeRetrospectiveReviewRecorded':
        review ??= { at, position };
        evidence = { ...evidence, retrospectiveReviewAt: at };
        break;
      case 'ChangeClosed':
        evidence = { ...evidence, closedAt: at };
        break;
      case 'ChangeCancelled':
        evidence = { ...evidence, cancelledAt: at };
        break;
      default:
        break;
    }
  }
  if (evidence !== null && evidence.changeType === 'emergency' && implementation !== null) {
    const due = new Date(Date.parse(implementation.at) + options.retrospectiveReviewDays * DAY_MS).toISOString();
    const late = review === null ? due < options.until : review.at > due;
    if (late) {
      const detail = review === null ? `No retrospective review by ${due} (${options.retrospectiveReviewDays} days after implementation).` : `Reviewed ${review.at}, due by ${due}.`;
      flag('emergency_without_retrospective_review', review?.at ?? due, review === null ? [implementation.position] : [implementation.position, review.position], detail);
    }
  }
  return { evidence: evidence === null ? null : { ...evidence, approvals }, nonconformities: found.sort((a, b) => a.positions.at(-1)!.localeCompare(b.positions.at(-1)!)) };
}
