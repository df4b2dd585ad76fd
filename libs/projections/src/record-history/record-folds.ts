import type { EventStore, RecordedEvent } from '@itsm/event-store/port';
import type { RecordKind, RecordState } from './record-kinds';

const PAGE_SIZE = 500;

/** A record folded from its stream up to `revision` (-1: before its first event), and that event. */
export interface Folded {
  readonly revision: number;
  readonly state: RecordState | null;
  readonly last: RecordedEvent | null;
}

const NOTHING: Folded = { revision: -1, state: null, last: null };

/**
 * Records folded from their streams, remembered for the streams most recently read, so that
 * paging through a long history forwards, or asking for one revision after another, folds each
 * event once rather than once per question.
 */
export class RecordFolds {
  private readonly folded = new Map<string, Folded>();

  constructor(
    private readonly events: EventStore,
    private readonly maxStreams = 500,
  ) {}

  /** The record after its events up to and including `revision`, or as far as the stream goes. */
  async after(kind: RecordKind, id: string, revision: number): Promise<Folded> {
    const known = this.folded.get(kind.stream(id));
    const from = known !== undefined && known.revision <= revision ? known : NOTHING;
    return this.foldOn(kind, id, from, (event) => event.revision <= revision);
  }

  /** The record after its events recorded at or before the log position `position`. */
  async atPosition(kind: RecordKind, id: string, position: string): Promise<Folded> {
    const known = this.folded.get(kind.stream(id));
    const from = known?.last != null && known.last.position <= position ? known : NOTHING;
    return this.foldOn(kind, id, from, (event) => event.position <= position);
  }

  /**
   * The record after its events up to the first that occurred after `instant` (ms since the epoch):
   * a state it really had. Folded from the start, for a clock set back could put an early time on a
   * later event.
   */
  asOf(kind: RecordKind, id: string, instant: number): Promise<Folded> {
    return this.foldOn(kind, id, NOTHING, (event) => Date.parse(event.metadata.occurredAt) <= instant);
  }

  /** Folds on from `from` while `includes` holds, stopping at the first event it refuses. */
  private async foldOn(kind: RecordKind, id: string, from: Folded, includes: (event: RecordedEvent) => boolean): Promise<Folded> {
    const stream = kind.stream(id);
    let at = from;
    for (;;) {
      const page = await this.events.readStream(stream, { from: at.revision + 1, max: PAGE_SIZE });
      let stopped = false;
      for (const event of page) {
        if (!includes(event)) {
          stopped = true;
          break;
        }
        at = { revision: event.revision, state: kind.evolve(at.state, event), last: event };
      }
      if (stopped || page.length < PAGE_SIZE) break;
    }
    this.remember(stream, at);
    return at;
  }

  /** Keeps a fold reached while reading a page, for the next page to start from. */
  remember(stream: string, folded: Folded): void {
    const known = this.folded.get(stream);
    if (known !== undefined && known.revision > folded.revision) return;
    this.folded.delete(stream);
    this.folded.set(stream, folded);
    if (this.folded.size > this.maxStreams) this.folded.delete(this.folded.keys().next().value as string);
  }
}
