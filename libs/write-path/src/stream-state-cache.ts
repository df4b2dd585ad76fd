import type { Position } from '@itsm/event-store/port';

/** A stream folded up to `revision`: what a command needs to decide and to chain its events. */
export interface FoldedStream<S> {
  /** Revision of the last event folded; -1 for a stream with no events. */
  readonly revision: number;
  readonly state: S;
  /** Hash of the event at `revision`, which the next event chains to. */
  readonly lastHash: string | null;
  readonly lastPosition: Position | null;
}

/**
 * The folded state of recently used streams, so a command on a long stream reads and folds only
 * the events recorded since (issue 7: a note on an incident with 2,000 notes took 1.2 s, all of it
 * re-reading and re-folding the stream). States are immutable values (deciders never mutate), so
 * sharing them is safe. Least recently used streams are forgotten past `maxStreams`; a forgotten
 * stream is simply folded from the start again. Correct across processes: a cached fold is only a
 * starting point, and the log after `revision` is always read.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, FoldedStream<unknown>>();

  constructor(private readonly maxStreams = 10_000) {
    if (!Number.isInteger(maxStreams) || maxStreams < 0) throw new RangeError('maxStreams must be a whole number');
  }

  get<S>(stream: string): FoldedStream<S> | undefined {
    const entry = this.entries.get(stream);
    if (entry === undefined) return undefined;
    // Map keeps insertion order: re-inserting makes this the most recently used.
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    return entry as FoldedStream<S>;
  }

  set<S>(stream: string, folded: FoldedStream<S>): void {
    const known = this.entries.get(stream);
    // Another command may have folded further meanwhile; never go back.
    if (known !== undefined && known.revision > folded.revision) return;
    this.entries.delete(stream);
    this.entries.set(stream, folded);
    while (this.entries.size > this.maxStreams) this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(stream: string): void {
    this.entries.delete(stream);
  }

  get size(): number {
    return this.entries.size;
  }
}
