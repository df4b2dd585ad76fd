import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import type { ExpectedRevision, LogRecord, ProposedEvent } from './event-log';

/** Converts between the client's generated protobuf messages and the double's log records. */

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

export function streamIdentifier(name: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

/** Assumption: clients send ids in the string form (the Node client always does). */
export function uuidOf(uuid: UUID | undefined): string {
  return (uuid?.getString() ?? '').toLowerCase();
}

interface Proposed {
  getId(): UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

/** `type` and `content-type` are required, as on the server (which rejects a write without them). */
export function proposedEvent(message: Proposed): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  if (type === undefined || contentType === undefined) throw new Error('Required metadata property missing: type, content-type');
  return { id: uuidOf(message.getId()), type, contentType, data: message.getData_asU8(), metadata: message.getCustomMetadata_asU8() };
}

/** The oneof of both AppendReq.Options and BatchAppendReq.Options (the latter names `revision` `stream_position`). */
interface ExpectedOptions {
  hasAny(): boolean;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
}

export function expectedRevision(options: ExpectedOptions, revision: () => string): ExpectedRevision {
  if (options.hasAny()) return { kind: 'any' };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'exists' };
  return { kind: 'revision', revision: BigInt(revision()) };
}

const serialized = new WeakMap<LogRecord, Buffer>();

/**
 * A read or subscription answer carrying one event, as the server sends it (no link resolution).
 * Serialised once per record: the same bytes every time, without rebuilding the message.
 */
export function eventResponse(record: LogRecord): Buffer {
  let bytes = serialized.get(record);
  if (!bytes) {
    bytes = Buffer.from(buildEventResponse(record).serializeBinary());
    serialized.set(record, bytes);
  }
  return bytes;
}

function buildEventResponse(record: LogRecord): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(record.id))
    .setStreamIdentifier(streamIdentifier(record.stream))
    .setStreamRevision(record.revision.toString())
    .setCommitPosition(record.position.toString())
    .setPreparePosition(record.position.toString())
    .setData(record.data)
    .setCustomMetadata(record.metadata);
  recorded.getMetadataMap().set('type', record.type).set('content-type', record.contentType).set('created', record.created.toString());
  const event = new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(record.position.toString());
  return new ReadResp().setEvent(event);
}

export type RecordFilter = (record: LogRecord) => boolean;

/**
 * The server-side filter of a read or subscription to $all: on the stream name or the event type,
 * by prefixes or by a regular expression. Assumption: the server runs .NET regular expressions;
 * JavaScript's agree for the simple patterns clients send (e.g. excludeSystemEvents' `^[^$].*`).
 */
export function recordFilter(options: ReadReq.Options): RecordFilter {
  if (!options.hasFilter()) return () => true;
  const filter = options.getFilter() as ReadReq.Options.FilterOptions;
  const onStream = filter.hasStreamIdentifier();
  const expression = (onStream ? filter.getStreamIdentifier() : filter.getEventType()) as ReadReq.Options.FilterOptions.Expression;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : null;
  return (record) => {
    const subject = onStream ? record.stream : record.type;
    return regex ? regex.test(subject) : prefixes.some((prefix) => subject.startsWith(prefix));
  };
}

/** How many considered events between two checkpoints: the multiplier times the search window (default 32). */
export function checkpointInterval(options: ReadReq.Options): number | null {
  if (!options.hasFilter()) return null;
  const filter = options.getFilter() as ReadReq.Options.FilterOptions;
  const window = filter.hasMax() ? filter.getMax() : 32;
  return Math.max(1, filter.getCheckpointintervalmultiplier()) * window;
}
