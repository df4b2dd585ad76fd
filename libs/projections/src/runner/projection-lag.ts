import type { EventStore, Position } from '@itsm/event-store/port';
import type { ReadStore } from '@itsm/read-store/port';

export interface ProjectionLag {
  readonly name: string;
  readonly checkpoint: Position | null;
  readonly headPosition: Position | null;
  /** When the oldest event the projection has not passed yet was recorded; null when it is at the head. */
  readonly oldestPendingRecordedAt: string | null;
  /** How long that event has waited, by `now`; 0 when at the head. */
  readonly lagMs: number;
  /** Events of the log after the checkpoint, counted up to PENDING_EVENTS_COUNTED (that many: at least); at most 1 when not counted. */
  readonly pendingEvents: number;
}

/** How far `pendingEvents` counts: enough to tell a projection catching up from one far behind, cheaply. */
export const PENDING_EVENTS_COUNTED = 1000;

/**
 * How far a projection trails the log, for health checks. Measured against the whole log, since
 * the checkpoint also advances past streams the projection ignores. Uses the store's `recordedAt`
 * (wall clock), not business time: lag is an operational measure.
 */
export async function projectionLag(events: EventStore, reads: ReadStore, projectionKey: string, now: Date, options: { readonly countPending?: boolean } = {}): Promise<ProjectionLag> {
  const [checkpoint, headPosition] = await Promise.all([reads.checkpoint(projectionKey), events.headPosition()]);
  // Counting reads up to PENDING_EVENTS_COUNTED events: a probe polled every few seconds reads one.
  const pending = await events.readAll({ after: checkpoint, max: options.countPending === false ? 1 : PENDING_EVENTS_COUNTED });
  const oldestPendingRecordedAt = pending[0]?.recordedAt ?? null;
  const lagMs = oldestPendingRecordedAt === null ? 0 : Math.max(0, now.getTime() - Date.parse(oldestPendingRecordedAt));
  return { name: projectionKey, checkpoint, headPosition, oldestPendingRecordedAt, lagMs, pendingEvents: pending.length };
}
