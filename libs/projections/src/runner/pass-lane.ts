import { comparePositions, sleep, type EventStore, type Position } from '@itsm/event-store/port';
import type { ReadStore } from '@itsm/read-store/port';
import { backoffMs } from './landing';
import type { PassProjection } from './pass-projection';

/** What a lane tells the pass it belongs to. */
export interface LaneHost {
  /** After each page: the pass may hand this lane's projections to another lane. */
  afterPage(lane: PassLane): void;
  /** The lane has no projection left and has stopped reading. */
  ended(lane: PassLane): void;
}

/** The earlier of two positions, null (the start of the log) being the earliest. */
export function earlier(a: Position | null, b: Position | null): Position | null {
  if (a === null || b === null) return null;
  return comparePositions(a, b) <= 0 ? a : b;
}

/**
 * One subscription to the log, read and parsed once, whose every event is given to each projection
 * riding it, in order; each takes what is after its own `seen` and in its streams. A projection
 * joins between messages: the lane stops its subscription and reads on from the earliest position
 * any projection needs (re-reading a little when a joiner is behind; the others skip what they
 * have seen), so no projection ever misses an event.
 */
export class PassLane {
  readonly members = new Set<PassProjection>();
  /** Every event up to here has been given to the members (null: none yet). */
  position: Position | null;
  caughtUp = false;
  private joining: PassProjection[] = [];
  private subscription: AbortController | null = null;
  readonly done: Promise<void>;

  constructor(
    private readonly events: EventStore,
    private readonly readStore: ReadStore,
    private readonly host: LaneHost,
    first: PassProjection,
    private readonly retry: { readonly initialDelayMs: number; readonly maxDelayMs: number },
  ) {
    this.position = first.seen;
    this.joining.push(first);
    this.done = this.run();
  }

  join(member: PassProjection): void {
    this.joining.push(member);
    this.subscription?.abort();
  }

  leave(member: PassProjection): void {
    this.members.delete(member);
    this.joining = this.joining.filter((joiner) => joiner !== member);
    if (this.members.size === 0 && this.joining.length === 0) this.subscription?.abort();
  }

  /** Gives every projection riding this lane to `other` (which reads on from where they need). */
  handOver(other: PassLane): void {
    for (const member of [...this.members, ...this.joining]) other.join(member);
    this.members.clear();
    this.joining = [];
    this.subscription?.abort();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.admitJoiners()) {
      const controller = new AbortController();
      this.subscription = controller;
      try {
        await this.readOn(controller.signal);
        failures = 0;
      } catch (error) {
        if (controller.signal.aborted) continue;
        failures += 1;
        for (const member of this.members) member.readFailed(error, failures);
        await sleep(backoffMs(failures, this.retry.initialDelayMs, this.retry.maxDelayMs), controller.signal);
      }
    }
  }

  /** Joiners ride from here on; the next read starts at the earliest position any of them needs. False once no one rides. */
  private admitJoiners(): boolean {
    for (const joiner of this.joining) {
      this.members.add(joiner);
      this.position = earlier(this.position, joiner.seen);
    }
    this.joining = [];
    if (this.members.size > 0) return true;
    this.host.ended(this);
    return false;
  }

  private async readOn(signal: AbortSignal): Promise<void> {
    for await (const message of this.events.subscribe({ after: this.position, signal })) {
      if (message.kind === 'event') {
        this.position = message.event.position;
        for (const member of this.members) {
          const projecting = member.take(message.event);
          if (projecting) await projecting;
        }
      } else {
        // A checkpoint names the scan position, which is at or past the events before it; take the later anyway.
        if (this.position === null || comparePositions(message.position, this.position) > 0) this.position = message.position;
        this.caughtUp = message.caughtUp;
        for (const member of this.members) {
          const projecting = member.reached(this.position, message.caughtUp);
          if (projecting) await projecting;
        }
        await this.landDue();
        this.host.afterPage(this);
      }
      if (signal.aborted) return;
    }
  }

  /**
   * Writes what every projection riding the lane has projected since it last landed, in one
   * applyBatches at the end of a page, where a write each cost a commit each. When that write
   * fails, each lands alone, so a batch the store refuses takes only its own projection out.
   */
  private async landDue(): Promise<void> {
    const due = [...this.members].filter((member) => member.due);
    if (due.length === 0) return;
    const batches = due.flatMap((member) => member.batch() ?? []);
    const write = batches.length === 0 ? Promise.resolve() : this.readStore.applyBatches(batches);
    due.forEach((member) => member.landingIn(write));
    try {
      await write;
    } catch {
      for (const member of due) await member.landAlone();
      return;
    }
    due.forEach((member) => member.landed());
  }
}
