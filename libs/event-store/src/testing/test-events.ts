import { randomUUID } from 'node:crypto';
import { EventStore, Json, NewEvent, RecordedEvent, SubscriptionMessage } from '../event-store';

export type CheckpointMessage = Extract<SubscriptionMessage, { kind: 'checkpoint' }>;

/** A stored-looking event with a fresh id; stores do not check hashes, so placeholders do. */
export function anEvent(type = 'SomethingHappened', data: Json = {}, eventId: string = randomUUID()): NewEvent {
  return {
    type,
    data,
    metadata: {
      eventId,
      actor: 'user:test',
      occurredAt: '2025-01-01T00:00:00.000Z',
      commandId: 'command-1',
      commandType: 'DoSomething',
      correlationId: 'correlation-1',
      causationId: 'causation-1',
      schemaVersion: 1,
      prevHash: null,
      hash: 'not-checked-by-stores',
    },
  };
}

export function someEvents(count: number, type = 'SomethingHappened'): NewEvent[] {
  return Array.from({ length: count }, (_, index) => anEvent(type, { index }));
}

/** Appends `count` events to `stream` in batches, so large logs build quickly. */
export async function appendMany(store: EventStore, stream: string, count: number, batchSize = 100): Promise<void> {
  for (let written = 0; written < count; written += batchSize) {
    await store.append(stream, someEvents(Math.min(batchSize, count - written)), 'any');
  }
}

export type Pull = () => Promise<SubscriptionMessage>;

/** Pulls one message at a time from a subscription; a finished iterator fails the test. */
export function puller(iterator: AsyncIterator<SubscriptionMessage>): Pull {
  return async () => {
    const next = await iterator.next();
    if (next.done) throw new Error('The subscription ended unexpectedly');
    return next.value;
  };
}

/** Pulls until an event arrives, skipping checkpoints. */
export async function nextEvent(pull: Pull): Promise<RecordedEvent> {
  for (;;) {
    const message = await pull();
    if (message.kind === 'event') return message.event;
  }
}

/** Pulls until a checkpoint that satisfies `accept` arrives, collecting the events on the way. */
export async function untilCheckpoint(
  pull: Pull,
  accept: (checkpoint: CheckpointMessage) => boolean = (checkpoint) => checkpoint.caughtUp,
): Promise<{ events: RecordedEvent[]; checkpoint: CheckpointMessage }> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const message = await pull();
    if (message.kind === 'event') events.push(message.event);
    else if (accept(message)) return { events, checkpoint: message };
  }
}
