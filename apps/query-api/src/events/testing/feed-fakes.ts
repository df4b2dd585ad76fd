import { EventEmitter } from 'node:events';
import { MemoryEventStore, type EventStore, type Position, type SubscribeOptions, type SubscriptionMessage } from '@itsm/event-store';
import { anEvent } from '../../../../../libs/event-store/src/testing/test-events';
import type { FeedSink } from '../feed-connection';

/** A socket a spec controls: it records what was written and says it is full once `room` writes are used up. */
export class RecordingSink extends EventEmitter implements FeedSink {
  readonly written: string[] = [];

  /** `room`: writes it accepts before saying it is full (Infinity: never full). */
  constructor(private room = Infinity) {
    super();
  }

  write(chunk: string): boolean {
    this.written.push(chunk);
    this.room -= 1;
    return this.room > 0;
  }

  /** The client read everything: room again, and 'drain'. */
  drain(room = Infinity): void {
    this.room = room;
    this.emit('drain');
  }

  /** The positions of the changes told, in order. */
  get positions(): string[] {
    return this.written.flatMap((chunk) => /^id: (\d+)$/m.exec(chunk)?.[1] ?? []);
  }
}

/** A client that keeps up: it reads `perTurn` writes' worth each turn of the event loop (its socket drains then). */
export class KeepingUpSink extends RecordingSink {
  constructor(private readonly perTurn: number) {
    super(perTurn);
  }

  override write(chunk: string): boolean {
    const room = super.write(chunk);
    if (!room) setImmediate(() => this.drain(this.perTurn));
    return room;
  }
}

/** A memory store whose subscriptions fail while `outage` is set, and which counts them. */
export class FlakyStore {
  readonly store: MemoryEventStore;
  readonly subscriptions: AbortSignal[] = [];
  outage = false;

  /** `pageSize`: events a subscription reads at a time (small, so paging shows; large, so a burst comes in one page). */
  constructor(pageSize = 10) {
    this.store = new MemoryEventStore({ pageSize });
  }

  headPosition(): Promise<Position | null> {
    return this.store.headPosition();
  }

  subscribe(options: SubscribeOptions = {}): AsyncIterable<SubscriptionMessage> {
    this.subscriptions.push(options.signal as AbortSignal);
    return this.failingInOutage(this.store.subscribe(options));
  }

  private async *failingInOutage(messages: AsyncIterable<SubscriptionMessage>): AsyncGenerator<SubscriptionMessage> {
    for await (const message of messages) {
      if (this.outage) throw new Error('The event store is unreachable');
      yield message;
    }
  }
}

/** `count` changes of incident `id`, one append each; answers their positions. */
export async function changeIncident(store: EventStore, id: string, count: number): Promise<Position[]> {
  const positions: Position[] = [];
  for (let i = 0; i < count; i++) positions.push((await store.append(`incident-${id}`, [anEvent('IncidentWorkNoteAdded', { i })], 'any')).position);
  return positions;
}

/** Waits (a few milliseconds at a time, 2 s at most unless told) until `holds`. */
export async function until(holds: () => boolean, what: string, withinMs = 2_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, withinMs > 2_000 ? 50 : 2));
  }
}
