import { changeStream, configurationItemStream, incidentStream, problemStream } from '@itsm/domain';
import { sealEvents, type EventStore, type Json } from '@itsm/event-store';

/**
 * Facts as commands would have sealed them, for the evidence packs' specs: steps are
 * [day and time in March 2026 ("10T10:30"), actor, event type, data].
 */
export const WINDOW = { start: '2026-03-10T10:00:00.000Z', end: '2026-03-10T12:00:00.000Z' };
export type Step = [time: string, actor: string, type: string, data?: Record<string, unknown>];

/** Appends a stream's facts, each its own sealed append, every one's data carrying `id`. */
export async function facts(store: EventStore, stream: string, id: Record<string, string>, steps: readonly Step[]): Promise<string[]> {
  const positions: string[] = [];
  let previousHash: string | null = null;
  for (const [revision, [time, actor, type, data]] of steps.entries()) {
    const context = { actor, occurredAt: `2026-03-${time}:00.000Z`, commandId: `${stream}-${revision}`, commandType: 'Test', correlationId: 'c', causationId: 'c' };
    const sealed = sealEvents({ stream, events: [{ type, data: { ...id, ...data } as Json }], previousHash, context, schemaVersion: 1 });
    const appended = await store.append(stream, sealed, revision === 0 ? 'no_stream' : revision - 1);
    previousHash = sealed[0]!.metadata.hash;
    positions.push(appended.position);
  }
  return positions;
}

/** A change raised by rita on 1 March (content h1, CI DB), then its steps. */
export function change(store: EventStore, changeId: string, changeType: string, ...steps: Step[]): Promise<string[]> {
  const raised: Step = ['01T09:00', 'rita', 'ChangeRaised', { changeType, requester: 'rita', contentHash: 'h1', number: `CHG-${changeId}`, affectedCiIds: ['DB'] }];
  return facts(store, changeStream(changeId), { changeId }, [raised, ...steps]);
}

/** An incident opened on 10 March as given (impact, urgency, the priority and matrix it records), then its steps. */
export function incident(store: EventStore, incidentId: string, opened: { impact: number; urgency: number; priority: number; priorityMatrixVersion: string }, ...steps: Step[]): Promise<string[]> {
  const opening: Step = ['10T08:00', 'ann', 'IncidentOpened', { ...opened, number: `INC-${incidentId}`, assignmentGroup: null, configurationItemId: null }];
  return facts(store, incidentStream(incidentId), { incidentId }, [opening, ...steps]);
}

/** A problem raised by pat on 10 March (P3, from the incidents given), then its steps. */
export function problem(store: EventStore, problemId: string, incidentIds: readonly string[], ...steps: Step[]): Promise<string[]> {
  const raised: Step = ['10T12:00', 'pat', 'ProblemRaised', { number: `PRB-${problemId}`, title: 'Spool fills', description: 'd', category: 'email', impact: 2, urgency: 2, priority: 3, priorityMatrixVersion: 'itil', configurationItemId: null, assignmentGroup: 'messaging', assignee: null, incidentIds }];
  return facts(store, problemStream(problemId), { problemId }, [raised, ...steps]);
}
export const rootCause: Step = ['11T09:00', 'pat', 'ProblemRootCauseRecorded', { rootCause: 'cron job', rootCauseCategory: 'configuration' }];
export const resolvedProblem = (overrideReason: string | null = null, fixChangeId: string | null = null): Step => ['12T09:00', 'pat', 'ProblemResolved', { resolution: 'fixed', fixChangeId, overrideReason, incidentIds: [] }];

/** A CI registered on 1 March, then its changes. */
export function ci(store: EventStore, ciId: string, ...steps: Step[]): Promise<string[]> {
  return facts(store, configurationItemStream(ciId), { ciId }, [['01T08:00', 'carl', 'ConfigurationItemRegistered', { name: ciId.toLowerCase() }], ...steps]);
}

export const approved = (approver: string): Step => ['02T09:00', approver, 'ChangeApproved', { approver, contentHash: 'h1' }];
export const authorized: Step = ['02T10:00', 'system', 'ChangeAuthorized', { contentHash: 'h1', basis: 'approvals' }];
export const scheduled: Step = ['03T09:00', 'ivan', 'ChangeScheduled', { window: WINDOW }];
export const started = (time = '10T10:30', actor = 'ivan', retrospectiveReviewRequired = false): Step => [time, actor, 'ChangeImplementationStarted', { retrospectiveReviewRequired }];
