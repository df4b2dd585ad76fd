import { once, type EventEmitter } from 'node:events';
import { hasReached, type EventStore, type Position } from '@itsm/event-store';
import { changeMessage, follows, prefixesOf, sseOf, type ChangeMessage, type FeedFilter } from './change-feed';
import type { LiveTail, TailMember } from './live-tail';

/** Where a feed's messages go: a socket (the HTTP response), which says when its buffer is full and emits 'drain'. */
export interface FeedSink extends EventEmitter {
  write(chunk: string): boolean;
}

export interface FeedLimits {
  /** Events read from the store at a time while catching up. */
  readonly page: number;
  /** Changes of the tail a feed may hold while its socket drains (or while it catches up). */
  readonly queue: number;
}

/**
 * Why a feed ended: the client left; the app is shutting down; the client read too slowly (its queue
 * overflowed); the tail or the store failed. The last two are told to the client, which reconnects
 * with Last-Event-ID and catches up from the store.
 */
export type FeedEnd = { readonly reason: 'left' | 'shutdown' | 'too_slow' } | { readonly reason: 'interrupted'; readonly error: Error };

interface FeedConnectionOptions {
  readonly tail: LiveTail;
  /** The store a catch-up reads. */
  readonly events: Pick<EventStore, 'readAll'>;
  readonly filter: FeedFilter;
  /** The last position the client has seen (null: the log's start). */
  readonly after: Position | null;
  readonly sink: FeedSink;
  readonly limits: FeedLimits;
}

/**
 * One client's feed. It joins the shared tail first, so every change after the tail's position `T`
 * lands in its queue, then reads the store on its own from `after` up to `T`, a page at a time and
 * no faster than its socket drains. Then it hands over: the queued changes follow, each one the
 * store's pages already gave (a page may run past `T`) skipped by position, so nothing is missed
 * and nothing told twice. Should the queue overflow while catching up, it is dropped and the feed
 * catches up to where the tail has got to since, then hands over there.
 *
 * Live, a change goes straight to the socket; while the socket drains, changes queue, up to
 * `limits.queue`: one more and the feed ends as too slow, so a slow client neither holds the tail
 * back nor grows this process's memory. It reconnects and catches up from the store.
 */
export class FeedConnection implements TailMember {
  /** The last position the client has been told, or has been proven to have nothing for it. */
  private cursor: Position | null;
  private live = false;
  private draining = false;
  /** The queue overflowed while catching up: catch up further, to the tail's position, then hand over. */
  private dropped = false;
  private readonly queue: { readonly change: ChangeMessage; readonly chunk: string }[] = [];
  private ended: FeedEnd | null = null;
  private readonly stopped = new AbortController();
  private readonly endings: ((end: FeedEnd) => void)[] = [];

  constructor(private readonly options: FeedConnectionOptions) {
    this.cursor = options.after;
  }

  /** Runs the feed until it ends, and says why. */
  async run(): Promise<FeedEnd> {
    const ended = new Promise<FeedEnd>((resolve) => this.endings.push(resolve));
    const membership = this.options.tail.join(this);
    try {
      let target = await membership.from;
      while (this.ended === null) {
        await this.catchUp(target);
        if (!this.dropped) break;
        this.dropped = false;
        target = membership.position();
      }
      this.live = true;
      this.flush();
    } catch (error) {
      this.end({ reason: 'interrupted', error: error as Error });
    }
    try {
      return await ended;
    } finally {
      membership.leave();
    }
  }

  /** Ends the feed from outside: the client left, or the app is shutting down. */
  close(reason: 'left' | 'shutdown'): void {
    this.end({ reason });
  }

  /** A comment that keeps a quiet connection open; skipped while the socket drains (it is not quiet then). */
  heartbeat(): void {
    if (this.ended === null && !this.draining) this.options.sink.write(': alive\n\n');
  }

  change(change: ChangeMessage, chunk: string): void {
    if (this.ended !== null || this.dropped || !follows(this.options.filter, change) || hasReached(this.cursor, change.position)) return;
    if (this.live && !this.draining && this.queue.length === 0) return this.deliver(change, chunk);
    if (this.queue.length < this.options.limits.queue) {
      this.queue.push({ change, chunk });
    } else if (this.live) {
      this.end({ reason: 'too_slow' });
    } else {
      this.dropped = true;
      this.queue.length = 0;
    }
  }

  lost(error: Error): void {
    this.end({ reason: 'interrupted', error });
  }

  /** From the cursor up to `target` from the store, a page at a time, each change waiting for the socket. */
  private async catchUp(target: Position | null): Promise<void> {
    const { events, filter, limits } = this.options;
    while (this.ended === null && target !== null && !hasReached(this.cursor, target)) {
      const page = await events.readAll({ after: this.cursor, max: limits.page, filter: { streamPrefixes: prefixesOf(filter) } });
      for (const event of page) {
        if (this.ended !== null) return;
        const change = changeMessage(event, filter);
        if (change !== null && !this.options.sink.write(sseOf(change))) await this.drained();
        this.cursor = event.position;
      }
      // A short page read everything up to the head, which is at or past the tail's position.
      if (page.length < limits.page && !hasReached(this.cursor, target)) this.cursor = target;
    }
  }

  /** The queued changes, in order, those already told skipped, until the socket is full again. */
  private flush(): void {
    while (this.ended === null && !this.draining && this.queue.length > 0) {
      const { change, chunk } = this.queue.shift() as { change: ChangeMessage; chunk: string };
      if (!hasReached(this.cursor, change.position)) this.deliver(change, chunk);
    }
  }

  private deliver(change: ChangeMessage, chunk: string): void {
    this.cursor = change.position;
    if (this.options.sink.write(chunk)) return;
    this.draining = true;
    void this.drained().then(() => this.flush(), () => undefined);
  }

  private async drained(): Promise<void> {
    this.draining = true;
    try {
      await once(this.options.sink, 'drain', { signal: this.stopped.signal });
    } finally {
      this.draining = false;
    }
  }

  private end(end: FeedEnd): void {
    if (this.ended !== null) return;
    this.ended = end;
    this.queue.length = 0;
    this.stopped.abort();
    for (const resolve of this.endings) resolve(end);
  }
}
