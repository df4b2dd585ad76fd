import { ChainBrokenError, eventBreak, type EventStore, type RecordedEvent } from '@itsm/event-store/port';
import type { FoldedStream, StreamStateCache } from './stream-state-cache';

/** Events read per round trip, so a cold load of a long stream never holds all of it at once. */
const PAGE_SIZE = 500;

export interface Folding<E, S> {
  readonly initialState: S;
  evolve(state: S, event: E): S;
}

/**
 * Looks for events a command id already recorded (a retried command): from revision `from` on, or,
 * without `from`, among the events the load reads anyway (those since the cached fold).
 */
export interface RecordedLookup {
  readonly commandId: string;
  readonly from?: number;
}

/**
 * Whether each event a command loads is checked against its stream's hash chain. Always `on`; the other
 * exists only so a benchmark can measure what the check costs (see WritePath's `checks`).
 */
export type ChainCheck = 'on' | 'off_for_measurement';

export interface LoadedStream<S> extends FoldedStream<S> {
  /** What `lookup.commandId` recorded at or after `lookup.from`; empty when nothing (or no lookup). */
  readonly recordedByCommand: readonly RecordedEvent[];
}

/**
 * The stream's state now: the cached fold, if any, plus the events recorded since, read page by
 * page, each checked against the stream's hash chain and folded one at a time (nothing but the
 * state is kept). The work is proportional to what is new, not to the stream's length.
 */
export async function loadStream<E, S>(
  store: EventStore,
  decider: Folding<E, S>,
  stream: string,
  cache: StreamStateCache,
  lookup?: RecordedLookup,
  chainCheck: ChainCheck = 'on',
): Promise<LoadedStream<S>> {
  let folded: FoldedStream<S> = cache.get<S>(stream) ?? { revision: -1, state: decider.initialState, lastHash: null, lastPosition: null };
  const recordedByCommand: RecordedEvent[] = [];
  const from = lookup?.from ?? folded.revision + 1;
  const mine = (event: RecordedEvent) => lookup !== undefined && event.revision >= from && event.metadata.commandId === lookup.commandId;
  if (lookup !== undefined && from <= folded.revision) {
    await readPages(store, stream, from, folded.revision, (event) => void (mine(event) && recordedByCommand.push(event)));
  }
  await readPages(store, stream, folded.revision + 1, Infinity, (event) => {
    // Nothing is decided, let alone appended, on a stream whose chain does not hold.
    if (chainCheck === 'on') {
      const tip = folded.revision < 0 ? null : { revision: folded.revision, hash: folded.lastHash ?? '' };
      const broken = eventBreak(tip, event);
      if (broken !== null) throw new ChainBrokenError(broken);
    }
    if (mine(event)) recordedByCommand.push(event);
    folded = { revision: event.revision, state: decider.evolve(folded.state, event as unknown as E), lastHash: event.metadata.hash, lastPosition: event.position };
  });
  cache.set(stream, folded);
  return { ...folded, recordedByCommand };
}

async function readPages(store: EventStore, stream: string, from: number, to: number, visit: (event: RecordedEvent) => void): Promise<void> {
  for (let next = from; next <= to; ) {
    const page = await store.readStream(stream, { from: next, max: Math.min(PAGE_SIZE, to - next + 1) });
    page.forEach(visit);
    if (page.length < PAGE_SIZE) return;
    next = (page[page.length - 1] as RecordedEvent).revision + 1;
  }
}
