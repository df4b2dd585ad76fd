import { SubscriptionMessage } from '../event-store';
import { comparePositions, Position } from '../position';

export type Checkpoint = Extract<SubscriptionMessage, { kind: 'checkpoint' }>;

/**
 * What a subscription has handed out and what the server has vouched for. `position` is the last
 * position yielded (an event's or a checkpoint's): a resubscription starts strictly after it, so
 * nothing is skipped or repeated. `vouched` is the furthest position the server has shown us as
 * fully considered (events seen, delivered or filtered out, and its checkpoints); it may run ahead
 * of `position` while we have not yet announced it.
 */
export class SubscriptionProgress {
  private yielded: Position;
  private seen: Position;
  private announced: Checkpoint | null = null;
  live = false;

  constructor(after: Position) {
    this.yielded = after;
    this.seen = after;
  }

  get position(): Position {
    return this.yielded;
  }

  get vouched(): Position {
    return this.seen;
  }

  /** A new server subscription starts from what was yielded; nothing it had sent counts any more. */
  restart(): void {
    this.seen = this.yielded;
    this.live = false;
  }

  /** True for an event the consumer has not been given yet. */
  isNew(position: Position): boolean {
    return comparePositions(position, this.yielded) > 0;
  }

  vouch(position: Position): void {
    if (comparePositions(position, this.seen) > 0) this.seen = position;
  }

  eventYielded(position: Position): void {
    this.yielded = position;
    this.vouch(position);
  }

  /** Something vouched for has not been announced: a checkpoint would move the consumer on. */
  get hasNews(): boolean {
    return this.announced === null || comparePositions(this.seen, this.announced.position) > 0;
  }

  /**
   * The checkpoint to yield at `position`, or null when it would repeat the last one. Never goes
   * back: a position before what was yielded is raised to it.
   */
  checkpoint(position: Position, caughtUp: boolean): Checkpoint | null {
    const at = comparePositions(position, this.yielded) < 0 ? this.yielded : position;
    if (this.announced && this.announced.position === at && this.announced.caughtUp === caughtUp) return null;
    this.yielded = at;
    this.vouch(at);
    this.announced = { kind: 'checkpoint', position: at, caughtUp };
    return this.announced;
  }
}
