import { ReadAllOptions, RecordedEvent, StreamFilter, SubscribeOptions, SubscriptionMessage } from '../event-store';
import { comparePositions, Position } from '../position';
import { ChangeNotifier } from './change-notifier';
import { linkSignals } from './signals';

/** The two reads a subscription needs; both adapters already offer them through the port. */
export interface LogReader {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  headPosition(): Promise<Position | null>;
}

export interface LogSubscriptionSettings {
  readonly pageSize: number;
  /** What a checkpoint names when nothing has been scanned yet (the log is empty). */
  readonly startPosition: Position;
  readonly notifier: ChangeNotifier;
  /** How often to re-read when caught up, for appends by other processes; null when none can append. */
  readonly pollIntervalMs: number | null;
  /** Aborted when the store closes, which ends every subscription. */
  readonly closed: AbortSignal;
}

interface Page {
  readonly events: readonly RecordedEvent[];
  /** The last position the read covered, including events the filter left out. */
  readonly scannedTo: Position | null;
  readonly caughtUp: boolean;
}

type Checkpoint = Extract<SubscriptionMessage, { kind: 'checkpoint' }>;

/**
 * Catch-up then live over the global log. A page is read only when the consumer has taken every
 * message of the previous one (a generator runs only when pulled), which is the backpressure.
 * A checkpoint follows every page that moved the scan position or changed `caughtUp`, so an idle
 * live subscription stays quiet.
 */
export async function* subscribeToLog(
  log: LogReader,
  options: SubscribeOptions,
  settings: LogSubscriptionSettings,
): AsyncGenerator<SubscriptionMessage, void, undefined> {
  const stop = linkSignals([options.signal, settings.closed]);
  try {
    let scannedTo = options.after ?? null;
    let announced: Checkpoint | null = null;
    while (!stop.signal.aborted) {
      const versionBeforeRead = settings.notifier.version;
      const page = await readPage(log, scannedTo, options.filter, settings.pageSize);
      for (const event of page.events) {
        if (stop.signal.aborted) return;
        yield { kind: 'event', event };
      }
      scannedTo = page.scannedTo;
      const checkpoint = checkpointOf(scannedTo ?? settings.startPosition, page.caughtUp);
      if (!sameCheckpoint(announced, checkpoint)) {
        if (stop.signal.aborted) return;
        yield checkpoint;
        announced = checkpoint;
      }
      if (page.caughtUp) {
        await settings.notifier.waitForChange(versionBeforeRead, stop.signal, settings.pollIntervalMs);
      }
    }
  } finally {
    stop.dispose();
  }
}

async function readPage(
  log: LogReader,
  after: Position | null,
  filter: StreamFilter | undefined,
  pageSize: number,
): Promise<Page> {
  // The head is read first: a short page then proves the scan covered at least up to it, even
  // when the filter matched nothing there.
  const head = await log.headPosition();
  const events = await log.readAll({ after, max: pageSize, filter });
  const lastRead = events.length > 0 ? events[events.length - 1].position : null;
  if (events.length === pageSize) return { events, scannedTo: lastRead, caughtUp: false };
  return { events, scannedTo: latest([after, head, lastRead]), caughtUp: true };
}

function latest(positions: readonly (Position | null)[]): Position | null {
  let result: Position | null = null;
  for (const position of positions) {
    if (position !== null && (result === null || comparePositions(position, result) > 0)) result = position;
  }
  return result;
}

function checkpointOf(position: Position, caughtUp: boolean): Checkpoint {
  return { kind: 'checkpoint', position, caughtUp };
}

function sameCheckpoint(a: Checkpoint | null, b: Checkpoint): boolean {
  return a !== null && a.position === b.position && a.caughtUp === b.caughtUp;
}
