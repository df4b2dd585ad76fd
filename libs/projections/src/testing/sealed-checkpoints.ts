import { LOG_CHECKPOINTS_STREAM, LogSealer, MemoryEventStore, type RecordedEvent } from '@itsm/event-store';
import { aBusyLog, aSigningKey } from '../../../event-store/src/testing/sealed-log';

/** A memory log of `count` sealed facts. */
export async function aBusyLogOf(count: number): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  await aBusyLog(store, 3, count);
  return store;
}

/** Seals the log every `everyEvents` events and answers the checkpoint events recorded. */
export async function sealedCheckpointEvents(store: MemoryEventStore, everyEvents: number): Promise<RecordedEvent[]> {
  await new LogSealer(store, { ...aSigningKey(), everyEvents, everyMs: 0, clock: () => new Date('2026-11-01T10:00:00Z') }).sealDue(true);
  return store.readStream(LOG_CHECKPOINTS_STREAM);
}
