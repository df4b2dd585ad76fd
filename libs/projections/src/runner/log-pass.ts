import { hasReached, type EventStore, type Position } from '@itsm/event-store/port';
import type { ReadStore, StoredDocument } from '@itsm/read-store/port';
import type { Projection } from '../projection';
import type { AnyEvent } from '../shared/projection-key';
import { isPositionBeyondHead, replayMessage } from './checkpoint-beyond-head';
import { silentLogger, type RunnerLogger } from './landing';
import { PassLane } from './pass-lane';
import { PassProjection, type PassProjectionOptions } from './pass-projection';

export interface LogPassOptions {
  /**
   * A projection this close to the head of the log (in events) rides the lane at the head, which
   * re-reads that much for it; one further behind rides the catch-up lane. Default 1000.
   */
  readonly nearHeadEvents?: number;
  readonly logger?: RunnerLogger;
  /** Backoff of a lane whose reads of the log fail. */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
}

/**
 * Every projection fed from one read of the log (ADR 22), where a runner per projection read and
 * parsed it once each. At most two lanes read it: `atHead`, for the projections at or near the
 * head (the live read models), and `catchUp`, for those far behind (a new version rebuilding, a
 * fresh read store). The catch-up lane hands its projections to the head lane once it has reached
 * it, so a rebuild never holds up the read models that are live. Each projection keeps its own
 * checkpoint, batches, lease and poison handling (PassProjection).
 */
export class LogPass {
  private atHead: PassLane | null = null;
  private catchUp: PassLane | null = null;
  private readonly nearHeadEvents: number;
  private readonly logger: RunnerLogger;
  private readonly retry: { readonly initialDelayMs: number; readonly maxDelayMs: number };

  constructor(
    private readonly events: EventStore,
    private readonly readStore: ReadStore,
    options: LogPassOptions = {},
  ) {
    this.nearHeadEvents = options.nearHeadEvents ?? 1000;
    this.logger = options.logger ?? silentLogger;
    this.retry = { initialDelayMs: options.retry?.initialDelayMs ?? 500, maxDelayMs: options.retry?.maxDelayMs ?? 30_000 };
  }

  /** A projection to run in this pass: start and stop it (a lease does) as a ProjectionRunner. */
  projection<E extends AnyEvent, D extends StoredDocument>(projection: Projection<E, D>, options: PassProjectionOptions = {}): PassProjection<E, D> {
    return new PassProjection<E, D>(this, this.readStore, projection, { logger: this.logger, ...options });
  }

  /** Reads the projection's checkpoint and seats it in the lane for its distance from the head. */
  async place(member: PassProjection): Promise<void> {
    member.restartAt(await this.readStore.checkpoint(member.key));
    const near = await this.isNearHead(member);
    // Rebuilding from nothing is a bulk load: the documents go in first and the indexes are built
    // once, at the head (PassProjection.reached), which took half the time of a rebuild of 1M
    // events (docs/benchmarks.md). Any other start finds its indexes there, or builds them now.
    const bulkLoad = !near && member.seen === null;
    const { collection } = member.projection;
    await this.readStore.ensureCollection(bulkLoad ? { ...collection, indexes: [], deferredIndexes: collection.indexes } : collection);
    member.deferIndexes(bulkLoad);
    if (!member.started) return;
    const lane = near ? this.atHead : this.catchUp;
    if (lane) lane.join(member);
    else if (near) this.atHead = new PassLane(this.events, this.readStore, this, member, this.retry);
    else this.catchUp = new PassLane(this.events, this.readStore, this, member, this.retry);
  }

  leave(member: PassProjection): void {
    this.atHead?.leave(member);
    this.catchUp?.leave(member);
  }

  /** The catch-up lane, once at the head lane's position, hands its projections over; alone and at the head, it becomes the head lane. */
  afterPage(lane: PassLane): void {
    if (lane !== this.catchUp) return;
    const head = this.atHead;
    if (head === null) {
      if (!lane.caughtUp) return;
      this.atHead = lane;
      this.catchUp = null;
    } else if (lane.position !== null && hasReached(lane.position, head.position ?? lane.position)) {
      this.logger.log(`Projections ${[...lane.members].map((member) => member.key).join(', ')} caught up; reading on with the others`);
      lane.handOver(head);
    }
  }

  ended(lane: PassLane): void {
    if (this.atHead === lane) this.atHead = null;
    if (this.catchUp === lane) this.catchUp = null;
  }

  /** Resolves once every lane has stopped (every projection stopped). */
  async settled(): Promise<void> {
    await Promise.all([this.atHead?.done, this.catchUp?.done]);
  }

  /**
   * Within `nearHeadEvents` of the head. A checkpoint beyond the head cannot be right (ADR 9): it
   * is forgotten and the projection replays from the start, its documents skipping what they saw.
   */
  private async isNearHead(member: PassProjection): Promise<boolean> {
    try {
      return (await this.readAfter(member.seen)).length < this.nearHeadEvents;
    } catch (error) {
      if (!isPositionBeyondHead(error)) throw error;
      this.logger.error(replayMessage(member.key, error), error.stack);
      await this.readStore.resetCheckpoint(member.key, null);
      member.restartAt(null);
      return (await this.readAfter(null)).length < this.nearHeadEvents;
    }
  }

  private readAfter(after: Position | null) {
    return this.events.readAll({ after, max: this.nearHeadEvents });
  }
}
