import { status, type ServerWritableStream } from '@grpc/grpc-js';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { EventLog, LogRecord } from './event-log';
import { eventResponse, recordFilter, streamIdentifier, streamNameOf } from './proto';

/** Answers are messages, or messages already serialised (see `readDefinition`). */
export type ReadCall = ServerWritableStream<ReadReq, ReadResp | Buffer>;

/**
 * Streams.Read without subscription options: one stream or $all, either direction, at most `count`.
 * Reading a stream forwards starts at `revision` inclusive, backwards at `revision` inclusive (or the
 * last event). Reading $all forwards starts at `position` inclusive (an event exactly there is read,
 * as the server's AllReader does); backwards reads the events before `position`.
 * A missing stream is answered with a StreamNotFound message, as servers since v21 do.
 */
export async function serveRead(log: EventLog, call: ReadCall): Promise<void> {
  const options = call.request.getOptions() as ReadReq.Options;
  const count = options.hasCount() ? Number(options.getCount()) : Infinity;
  const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
  if (options.hasStream()) {
    const streamOptions = options.getStream() as ReadReq.Options.StreamOptions;
    const name = streamNameOf(streamOptions.getStreamIdentifier());
    const records = log.stream(name);
    if (!records) {
      await send(call, new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(name))));
    } else {
      await sendAll(call, streamSlice(records, streamOptions, backwards).slice(0, count));
    }
  } else {
    const passes = recordFilter(options);
    await sendAll(call, allSlice(log.records, options.getAll() as ReadReq.Options.AllOptions, backwards).filter(passes).slice(0, count));
  }
  call.end();
}

function streamSlice(records: readonly LogRecord[], options: ReadReq.Options.StreamOptions, backwards: boolean): LogRecord[] {
  const revision = options.hasRevision() ? BigInt(options.getRevision()) : null;
  if (backwards) {
    const from = revision === null || options.hasEnd() ? Infinity : Number(revision);
    return records.filter((record) => Number(record.revision) <= from).reverse();
  }
  const from = revision === null ? 0 : Number(revision);
  return records.filter((record) => Number(record.revision) >= from);
}

function allSlice(records: readonly LogRecord[], options: ReadReq.Options.AllOptions, backwards: boolean): LogRecord[] {
  const position = options.getPosition();
  // commit = prepare for every record, so comparing to (commit, prepare) is a tuple comparison.
  const atOrAfter = (record: LogRecord): boolean =>
    !position ||
    record.position > BigInt(position.getCommitPosition()) ||
    (record.position === BigInt(position.getCommitPosition()) && record.position >= BigInt(position.getPreparePosition()));
  if (backwards) return options.hasEnd() || !position ? [...records].reverse() : records.filter((record) => !atOrAfter(record)).reverse();
  if (options.hasEnd()) return [];
  return records.filter(atOrAfter);
}

async function sendAll(call: ReadCall, records: readonly LogRecord[]): Promise<void> {
  for (const record of records) {
    if (call.cancelled) return;
    await send(call, eventResponse(record));
  }
}

/** Writes one message, waiting for the transport to drain when its buffer is full (backpressure). */
export function send(call: ReadCall, message: ReadResp | Buffer): Promise<void> {
  if (call.write(message)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      call.off('drain', done);
      call.off('cancelled', done);
      call.off('close', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
    call.on('close', done);
  });
}

export function unimplemented(call: ReadCall, what: string): void {
  call.emit('error', { code: status.UNIMPLEMENTED, details: `The EventStoreDB double does not implement ${what}` });
}
