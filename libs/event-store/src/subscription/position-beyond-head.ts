import { Position } from '../position';

/**
 * A subscription was asked to start after a position the log has not reached. No store writes
 * there, so the position did not come from this log: a checkpoint written by a faulty subscription
 * (EventStoreDB 24.2.0 to 24.10.4, server bug KDB-710, see esdb/README.md) or one kept while the
 * log was replaced. Waiting would hand out nothing until the log passes it, skipping every event
 * in between, so the subscription refuses instead and the consumer decides (the projection runner
 * replays from the start). Not retried: the same position fails the same way.
 */
export class PositionBeyondHeadError extends Error {
  static readonly CODE = 'event_store.position_beyond_head';
  readonly code = PositionBeyondHeadError.CODE;

  constructor(
    readonly after: Position,
    /** The last position in the log, or null when it holds nothing. */
    readonly head: Position | null,
  ) {
    super(`Cannot subscribe after ${after}: the log ends ${head === null ? 'before any event' : `at ${head}`}`);
    this.name = 'PositionBeyondHeadError';
  }
}
