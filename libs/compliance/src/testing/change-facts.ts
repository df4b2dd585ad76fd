import { changeStream } from '@itsm/domain';
import { sealEvents, type EventStore, type Json } from '@itsm/event-store';

/**
 * A change's facts as commands would have sealed them, for the evidence packs' specs: steps are
 * [day and time in March 2026 ("10T10:30"), actor, event type, data].
 */
export const WINDOW = { start: '2026-03-10T10:00:00.000Z', end: '2026-03-10T12:00:00.000Z' };
export type Step = [time: string, actor: string, type: string, data?: Record<string, unknown>];

/** Appends one change's facts, each its own sealed append (as commands make them), in March 2026. */
export async function change(store: EventStore, changeId: string, changeType: string, ...steps: Step[]): Promise<string[]> {
  const positions: string[] = [];
  let previousHash: string | null = null;
  const all: Step[] = [['01T09:00', 'rita', 'ChangeRaised', { changeType, requester: 'rita', contentHash: 'h1', number: `CHG-${changeId}` }], ...steps];
  for (const [revision, [time, actor, type, data]] of all.entries()) {
    const context = { actor, occurredAt: `2026-03-${time}:00.000Z`, commandId: `${changeId}-${revision}`, commandType: 'Test', correlationId: 'c', causationId: 'c' };
    const sealed = sealEvents({ stream: changeStream(changeId), events: [{ type, data: { changeId, ...data } as Json }], previousHash, context, schemaVersion: 1 });
    const appended = await store.append(changeStream(changeId), sealed, revision === 0 ? 'no_stream' : revision - 1);
    previousHash = sealed[0]!.metadata.hash;
    positions.push(appended.position);
  }
  return positions;
}
export const approved = (approver: string): Step => ['02T09:00', approver, 'ChangeApproved', { approver, contentHash: 'h1' }];
export const authorized: Step = ['02T10:00', 'system', 'ChangeAuthorized', { contentHash: 'h1', basis: 'approvals' }];
export const scheduled: Step = ['03T09:00', 'ivan', 'ChangeScheduled', { window: WINDOW }];
export const started = (time = '10T10:30', actor = 'ivan', retrospectiveReviewRequired = false): Step => [time, actor, 'ChangeImplementationStarted', { retrospectiveReviewRequired }];

