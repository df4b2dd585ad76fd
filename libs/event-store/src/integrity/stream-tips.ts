import type { EventStore, RecordedEvent } from '../event-store';
import type { ChainTip } from './chain-link';
import { tipOf } from './chain-link';

/**
 * The last event seen of each recently seen stream, so that checking the log in order needs no
 * read per event; a stream not remembered (first seen mid-log, or forgotten) has its previous
 * event read from the store. Bounded: a log of millions of streams does not become a map of them.
 */
export class StreamTips {
  private readonly tips = new Map<string, ChainTip>();

  constructor(
    private readonly store: EventStore,
    private readonly maxStreams = 50_000,
  ) {}

  /** The event that `event` must chain to: null when it should open its stream. */
  async previousOf(event: RecordedEvent): Promise<ChainTip | null> {
    const known = this.tips.get(event.stream);
    if (known !== undefined) return known;
    if (event.revision === 0) return null;
    // The nearest earlier event the stream still has; if it is not revision - 1, the link check says what is missing.
    const [previous] = await this.store.readStream(event.stream, { from: event.revision - 1, direction: 'backwards', max: 1, asStored: true });
    return previous === undefined ? null : tipOf(previous);
  }

  advance(event: RecordedEvent): void {
    this.tips.delete(event.stream);
    this.tips.set(event.stream, tipOf(event));
    if (this.tips.size > this.maxStreams) this.tips.delete(this.tips.keys().next().value as string);
  }
}
