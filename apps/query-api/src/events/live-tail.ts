import { comparePositions, type EventStore, type Position } from '@itsm/event-store';
import { changeOf, FEED_PREFIXES, sseOf, type ChangeMessage } from './change-feed';

/** What a member of the tail is told. Both are called synchronously by the tail: a member only queues. */
export interface TailMember {
  /** One change of the log, in log order, with its Server-Sent Event (made once for every member). */
  change(change: ChangeMessage, chunk: string): void;
  /** The tail's subscription failed (a store outage): nothing more will come. */
  lost(error: Error): void;
}

export interface TailMembership {
  /**
   * The member is told every change after this position, none before it (null: from the log's
   * start). Resolves once the tail has started; should the start fail, the member is told `lost`.
   */
  readonly from: Promise<Position | null>;
  /** Where the tail is now: every change up to here has been told. A member re-syncing from its queue reads it. */
  position(): Position | null;
  leave(): void;
}

/**
 * Changes told before the tail gives the event loop a turn. Node writes a socket's buffer out only
 * once the code writing to it yields, so a page of the log told in one go would fill every feed's
 * socket at once and then its queue (1,000): even a client reading as fast as it can would be
 * closed as too slow. A turn every 100 lets the sockets drain as the tail goes.
 */
const TOLD_PER_TURN = 100;

/** One life of the tail, from its first member to its last (or to a failure). */
interface Run {
  readonly stop: AbortController;
  readonly members: Set<TailMember>;
  /** The start position, once the head has been read. */
  readonly started: Promise<Position | null>;
  live: boolean;
  position: Position | null;
}

/**
 * The query API's one subscription to the log, shared by every open feed: N screens cost one read
 * of the log, not N. It starts, from the head, with its first member and stops with its last; the
 * next member starts it again. Its position is the last one it has told (an event or a checkpoint),
 * so a member that joins now is told exactly the changes after it: what came before, the member
 * reads from the store on its own (see FeedConnection). A failure tells every member, which ends
 * their feeds so that clients reconnect and resume, instead of waiting on a tail that is gone.
 */
export class LiveTail {
  private run: Run | null = null;

  constructor(private readonly events: Pick<EventStore, 'headPosition' | 'subscribe'>) {}

  /** How many feeds the tail serves now (0: it is stopped). */
  get size(): number {
    return this.run?.members.size ?? 0;
  }

  join(member: TailMember): TailMembership {
    const run = (this.run ??= this.start());
    run.members.add(member);
    return {
      from: run.live ? Promise.resolve(run.position) : run.started,
      position: () => run.position,
      leave: () => this.leave(run, member),
    };
  }

  /** Every member is told the tail is gone (the app shuts down: their feeds end anyway). */
  stop(): void {
    if (this.run !== null) this.lose(this.run, new Error('The query API is shutting down'));
  }

  private start(): Run {
    const stop = new AbortController();
    const run: Run = {
      stop,
      members: new Set(),
      live: false,
      position: null,
      started: this.events.headPosition().then(
        (head) => {
          run.position = head;
          run.live = true;
          void this.follow(run);
          return head;
        },
        (error: Error) => {
          this.lose(run, error);
          return null;
        },
      ),
    };
    return run;
  }

  private async follow(run: Run): Promise<void> {
    let toldThisTurn = 0;
    try {
      for await (const message of this.events.subscribe({ after: run.position, filter: { streamPrefixes: FEED_PREFIXES }, signal: run.stop.signal })) {
        if (message.kind === 'checkpoint') {
          if (run.position === null || comparePositions(message.position, run.position) > 0) run.position = message.position;
          continue;
        }
        run.position = message.event.position;
        const change = changeOf(message.event);
        if (change === null) continue;
        const chunk = sseOf(change);
        for (const member of run.members) member.change(change, chunk);
        if (++toldThisTurn === TOLD_PER_TURN) {
          toldThisTurn = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      if (!run.stop.signal.aborted) throw new Error('The log subscription ended');
    } catch (error) {
      if (!run.stop.signal.aborted) this.lose(run, error as Error);
    }
  }

  private leave(run: Run, member: TailMember): void {
    run.members.delete(member);
    if (run.members.size > 0 || this.run !== run) return;
    this.run = null;
    run.stop.abort();
  }

  private lose(run: Run, error: Error): void {
    if (this.run === run) this.run = null;
    run.stop.abort();
    const members = [...run.members];
    run.members.clear();
    for (const member of members) member.lost(error);
  }
}
