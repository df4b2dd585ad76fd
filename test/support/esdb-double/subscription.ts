import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { EventLog, LogRecord } from './event-log';
import { checkpointInterval, eventResponse, recordFilter, type RecordFilter } from './proto';
import { endOfCatchUpCheckpoint, type CatchUpSoFar, type EndOfCatchUp, type StartPosition } from './end-of-catch-up';
import { send, type ReadCall } from './read';

interface Active {
  stopped: boolean;
  wake: () => void;
}

/**
 * Subscriptions to $all (Streams.Read with subscription options), after the filtered $all
 * subscription of the server as we read it: a confirmation, catch-up from strictly after the given
 * position, CaughtUp when the log is exhausted (servers since 23.10), then live events. With a
 * filter, a checkpoint follows every `multiplier × window` considered events, matching or not.
 * How catch-up ends depends on the version (end-of-catch-up.ts).
 *
 * Assumptions and simplifications:
 * - catch-up checkpoints name the last considered event; the server checks at page boundaries and
 *   names the last delivered event or the page's start, never a later position than ours (except
 *   under KDB-710, see end-of-catch-up.ts);
 * - without a filter there are no checkpoints (the server's unfiltered subscription sends none);
 * - the consumer is never dropped for being slow (the server drops a live subscriber whose buffer
 *   overflows); writes wait for the transport to drain instead, which keeps backpressure.
 */
export class Subscriptions {
  private readonly active = new Map<ReadCall, Active>();
  /** Where each subscription asked to start (commit position), for tests of resubscription. */
  readonly starts: (bigint | 'start')[] = [];
  /** Events written to subscribers, for tests of backpressure. */
  eventsSent = 0;

  constructor(
    private readonly log: EventLog,
    private readonly endOfCatchUp: EndOfCatchUp,
  ) {}

  async serve(call: ReadCall): Promise<void> {
    const state: Active = { stopped: false, wake: () => undefined };
    this.active.set(call, state);
    const stop = (): void => {
      state.stopped = true;
      state.wake();
    };
    call.on('cancelled', stop);
    call.on('close', stop);
    const unsubscribe = this.log.onAppend(() => state.wake());
    try {
      await this.run(call, state);
    } finally {
      unsubscribe();
      this.active.delete(call);
    }
  }

  /** Ends every open subscription with UNAVAILABLE, as a dropped connection or a node restart would. */
  drop(): void {
    for (const [call, state] of this.active) {
      state.stopped = true;
      state.wake();
      call.emit('error', { code: status.UNAVAILABLE, details: 'Subscription dropped by the EventStoreDB double' });
    }
    this.active.clear();
  }

  /** Stops serving without telling the clients (their connections are gone already). */
  stopQuietly(): void {
    for (const state of this.active.values()) {
      state.stopped = true;
      state.wake();
    }
    this.active.clear();
  }

  get count(): number {
    return this.active.size;
  }

  private async run(call: ReadCall, state: Active): Promise<void> {
    const served = this.open(call.request.getOptions() as ReadReq.Options);
    await send(call, new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
    while (!state.stopped) {
      const record = this.log.records[served.index];
      if (record) await this.sendRecord(call, state, served, record);
      else if (!served.caughtUp) await this.sendCaughtUp(call, state, served);
      else await new Promise<void>((resolve) => (state.wake = resolve));
    }
  }

  private open(options: ReadReq.Options): Served {
    const all = options.getAll() as ReadReq.Options.AllOptions;
    const start = startPosition(all);
    this.starts.push(start.inclusive ? 'start' : start.commit);
    const first = this.log.records.findIndex((record) => isAfter(record, start));
    const index = all.hasEnd() || first === -1 ? this.log.records.length : first;
    return {
      passes: recordFilter(options),
      interval: checkpointInterval(options),
      start,
      index,
      considered: 0,
      lastConsidered: null,
      sentAny: false,
      checkpointsSwallowed: false,
      caughtUp: false,
    };
  }

  private async sendRecord(call: ReadCall, state: Active, served: Served, record: LogRecord): Promise<void> {
    served.index += 1;
    served.considered += 1;
    served.lastConsidered = record.position;
    if (served.passes(record)) {
      await send(call, eventResponse(record));
      this.eventsSent += 1;
      served.sentAny = true;
    }
    if (served.interval !== null && served.considered >= served.interval && !state.stopped) {
      served.considered = 0;
      served.sentAny = true;
      if (!served.checkpointsSwallowed) await send(call, checkpoint(record.position, record.position));
    }
  }

  private async sendCaughtUp(call: ReadCall, state: Active, served: Served): Promise<void> {
    served.caughtUp = true;
    const end = served.interval === null ? null : endOfCatchUpCheckpoint(this.endOfCatchUp, served);
    if (end) {
      served.considered = 0;
      served.checkpointsSwallowed = end.swallowsLaterCheckpoints;
      await send(call, checkpoint(end.commit, end.prepare));
    }
    if (!state.stopped) await send(call, new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
  }
}

/** One subscription's progress through the log. */
interface Served extends CatchUpSoFar {
  readonly passes: RecordFilter;
  readonly interval: number | null;
  readonly start: StartPosition;
  index: number;
  considered: number;
  lastConsidered: bigint | null;
  sentAny: boolean;
  /** KDB-710: the server sent Position.End, and drops every later checkpoint as not after it. */
  checkpointsSwallowed: boolean;
  caughtUp: boolean;
}

/** Start of the log, or strictly after the given position. */
function startPosition(all: ReadReq.Options.AllOptions): StartPosition {
  const position = all.getPosition();
  if (!position) return { commit: 0n, prepare: 0n, inclusive: true };
  return { commit: BigInt(position.getCommitPosition()), prepare: BigInt(position.getPreparePosition()), inclusive: false };
}

function isAfter(record: LogRecord, start: StartPosition): boolean {
  if (record.position !== start.commit) return record.position > start.commit;
  return start.inclusive ? record.position >= start.prepare : record.position > start.prepare;
}

function checkpoint(commit: bigint, prepare: bigint): ReadResp {
  return new ReadResp().setCheckpoint(new ReadResp.Checkpoint().setCommitPosition(commit.toString()).setPreparePosition(prepare.toString()));
}
