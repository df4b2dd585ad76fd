import { comparePositions, Position } from '../position';
import { PositionBeyondHeadError } from '../subscription/position-beyond-head';
import { LOG_START } from './esdb-position';

export interface LogEndReader {
  logEnd(): Promise<Position | null>;
}

/**
 * The furthest end of the log a subscription has seen, to test positions against it. The log only
 * grows, so a position at or before an end once read needs no request; one past it asks again
 * (once per server checkpoint while live, every 32 events by default).
 */
export class KnownLogEnd {
  private end: Position | null = null;

  constructor(private readonly reads: LogEndReader) {}

  /** Whether `position` lies within the log: at or before its last record. */
  async covers(position: Position): Promise<boolean> {
    if (this.end !== null && comparePositions(position, this.end) <= 0) return true;
    this.end = (await this.reads.logEnd()) ?? this.end;
    return this.end !== null && comparePositions(position, this.end) <= 0;
  }

  /**
   * Throws PositionBeyondHeadError when a subscription is asked to start after a position the log
   * has not reached. The start of the log is always a valid `after`, even on an empty log.
   */
  async assertReached(after: Position): Promise<void> {
    if (after === LOG_START || (await this.covers(after))) return;
    throw new PositionBeyondHeadError(after, this.end);
  }
}
