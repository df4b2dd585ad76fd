import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START, StreamNotFoundError, type ResolvedEvent } from '@eventstore/db-client';
import { ReadAllOptions, ReadStreamOptions, RecordedEvent, StreamFilter } from '../event-store';
import { comparePositions, Position } from '../position';
import { fromClientPosition, parseEsdbPosition, readFrom } from './esdb-position';
import { isSystemEvent, passesFilter, toRecordedEvent, type ClientEvent } from './esdb-records';

/** Events per request when looking backwards for the head past system events. */
const HEAD_PAGE = 32;

/**
 * The read side of the port over the client. $all is read in pages because the 6.x client reads
 * it unfiltered: system events and other prefixes are dropped here, so one page may yield nothing.
 */
export class EsdbReads {
  constructor(
    private readonly client: EventStoreDBClient,
    private readonly pageSize: number,
  ) {}

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const max = options.max ?? Number.MAX_SAFE_INTEGER;
    const backwards = options.direction === 'backwards';
    if (max <= 0 || (backwards && options.from !== undefined && options.from < 0)) return [];
    const from = options.from === undefined || options.from < 0 ? (backwards ? END : START) : BigInt(options.from);
    try {
      const read = this.client.readStream(stream, { fromRevision: from, direction: backwards ? BACKWARDS : FORWARDS, maxCount: max });
      // As in readAll, so both return the same events (a tool may write a `$>` link into any stream).
      return (await collect(read)).filter((event) => !isSystemEvent(event)).map(toRecordedEvent);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
  }

  /** Strictly after `after`: a read of $all from a position includes the event at it, which is dropped. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const max = options.max ?? Infinity;
    const result: RecordedEvent[] = [];
    let cursor = options.after ?? null;
    while (result.length < max) {
      const page = await collect(this.client.readAll({ fromPosition: readFrom(cursor), direction: FORWARDS, maxCount: this.pageSize }));
      for (const event of page) {
        const position = fromClientPosition(positionOf(event));
        if (cursor !== null && comparePositions(position, cursor) <= 0) continue;
        cursor = position;
        if (!isSystemEvent(event) && passesFilter(options.filter, event.streamId)) result.push(toRecordedEvent(event));
        if (result.length === max) break;
      }
      if (page.length < this.pageSize) break;
    }
    return result;
  }

  /**
   * The last event of ours in $all, read backwards past any system events written after it. The
   * first request asks for one event (usually ours): idle subscriptions ask this often.
   */
  async headPosition(): Promise<Position | null> {
    let before: Position | null = null;
    for (let pageSize = 1; ; pageSize = HEAD_PAGE) {
      const fromPosition = before === null ? END : parseEsdbPosition(before);
      const page = await collect(this.client.readAll({ fromPosition, direction: BACKWARDS, maxCount: pageSize }));
      const ours = page.find((event) => !isSystemEvent(event));
      if (ours) return fromClientPosition(positionOf(ours));
      if (page.length < pageSize) return null;
      before = fromClientPosition(positionOf(page[page.length - 1]));
    }
  }

  /**
   * The position of the last record in $all, system events included, or null when there is none.
   * Nothing the server names truthfully (an event, a checkpoint) lies beyond it.
   */
  async logEnd(): Promise<Position | null> {
    const [last] = await collect(this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
    return last ? fromClientPosition(positionOf(last)) : null;
  }

  /** Whether an event passing `filter` lies in (after, through]: then it has not been delivered yet. */
  async hasEventBetween(after: Position, through: Position, filter: StreamFilter | undefined): Promise<boolean> {
    const [next] = await this.readAll({ after, max: 1, filter });
    return next !== undefined && comparePositions(next.position, through) <= 0;
  }
}

function positionOf(event: ClientEvent): { commit: bigint; prepare: bigint } {
  if (!event.position) throw new Error(`The server sent event ${event.id} of ${event.streamId} without a position`);
  return event.position;
}

/** Drains a client read; links are never resolved, so every answer carries its event. */
async function collect(read: AsyncIterable<ResolvedEvent>): Promise<ClientEvent[]> {
  const events: ClientEvent[] = [];
  for await (const resolved of read) if (resolved.event) events.push(resolved.event);
  return events;
}
