import { BSON, type Document } from 'mongodb';

/**
 * Framing of the MongoDB wire protocol, as we read the spec (little-endian int32 header:
 * messageLength, requestID, responseTo, opCode). Two request kinds are understood:
 * - OP_MSG (2013): flagBits, then sections: kind 0 is the command document, kind 1 a "document
 *   sequence" (int32 size, cstring identifier, documents) that the driver uses for the documents,
 *   updates and deletes of bulk writes and that becomes a field of the command;
 * - OP_QUERY (2004) on `<db>.$cmd`: only for the first hello of a connection. The 7.9 driver sends
 *   that legacy `ismaster` as OP_QUERY because it cannot know, before the answer, that OP_MSG works.
 * Compression (OP_COMPRESSED) is never advertised, so never used; any other opcode is refused.
 */
export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

const HEADER_SIZE = 16;
const MAX_MESSAGE_SIZE = 48_000_000;
const CHECKSUM_PRESENT = 1 << 0;
const MORE_TO_COME = 1 << 1;

export interface Request {
  readonly requestId: number;
  readonly opCode: typeof OP_QUERY | typeof OP_MSG;
  /** The command with `$db` set (OP_QUERY carries the database in its namespace instead). */
  readonly command: Document;
  /** False for OP_MSG with moreToCome: the client wants no answer (unacknowledged writes). */
  readonly expectsReply: boolean;
}

export class ProtocolError extends Error {}

/** Cuts a TCP byte stream into whole messages. */
export class MessageReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const messages: Buffer[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readInt32LE(0);
      if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE) throw new ProtocolError(`Invalid message length ${length}`);
      if (this.pending.length < length) break;
      messages.push(this.pending.subarray(0, length));
      this.pending = this.pending.subarray(length);
    }
    return messages;
  }
}

export function parseRequest(message: Buffer): Request {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  const body = message.subarray(HEADER_SIZE);
  if (opCode === OP_MSG) {
    const flags = body.readUInt32LE(0);
    // The checksum (CRC-32C) is not verified: over loopback TCP it would only guard against our own bugs.
    const sections = body.subarray(4, flags & CHECKSUM_PRESENT ? body.length - 4 : body.length);
    return { requestId, opCode, command: parseSections(sections), expectsReply: (flags & MORE_TO_COME) === 0 };
  }
  if (opCode === OP_QUERY) return { requestId, opCode, command: parseQuery(body), expectsReply: true };
  throw new ProtocolError(`Unsupported opcode ${opCode}`);
}

function parseSections(sections: Buffer): Document {
  let command: Document | null = null;
  const sequences: Record<string, Document[]> = {};
  for (let offset = 0; offset < sections.length; ) {
    const kind = sections[offset++];
    if (kind === 0) {
      const size = sections.readInt32LE(offset);
      command = BSON.deserialize(sections.subarray(offset, offset + size));
      offset += size;
    } else if (kind === 1) {
      const size = sections.readInt32LE(offset);
      const end = offset + size;
      const nameEnd = sections.indexOf(0, offset + 4);
      sequences[sections.toString('utf8', offset + 4, nameEnd)] = readDocuments(sections.subarray(nameEnd + 1, end));
      offset = end;
    } else {
      throw new ProtocolError(`Unknown OP_MSG section kind ${kind}`);
    }
  }
  if (command === null) throw new ProtocolError('OP_MSG without a body section');
  return { ...command, ...sequences };
}

function parseQuery(body: Buffer): Document {
  const namespaceEnd = body.indexOf(0, 4);
  const namespace = body.toString('utf8', 4, namespaceEnd);
  if (!namespace.endsWith('.$cmd')) throw new ProtocolError(`OP_QUERY on ${namespace}: only commands are supported`);
  // flags (int32), namespace (cstring), numberToSkip and numberToReturn (int32 each), then the query.
  const [query] = readDocuments(body.subarray(namespaceEnd + 1 + 8), 1);
  const command = query && '$query' in query ? (query.$query as Document) : (query ?? {});
  return { ...command, $db: namespace.slice(0, -'.$cmd'.length) };
}

function readDocuments(bytes: Buffer, max = Infinity): Document[] {
  const documents: Document[] = [];
  for (let offset = 0; offset < bytes.length && documents.length < max; ) {
    const size = bytes.readInt32LE(offset);
    documents.push(BSON.deserialize(bytes.subarray(offset, offset + size)));
    offset += size;
  }
  return documents;
}

/** An OP_MSG answer to OP_MSG, an OP_REPLY (one document, no cursor) to OP_QUERY. */
export function encodeReply(request: Request, reply: Document, requestId: number): Buffer {
  const document = BSON.serialize(reply);
  const body =
    request.opCode === OP_MSG
      ? Buffer.concat([int32(0), Buffer.from([0]), document])
      : Buffer.concat([int32(0), Buffer.alloc(8), int32(0), int32(1), document]);
  const header = Buffer.concat([int32(HEADER_SIZE + body.length), int32(requestId), int32(request.requestId)]);
  return Buffer.concat([header, int32(request.opCode === OP_MSG ? OP_MSG : OP_REPLY), body]);
}

function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32LE(value);
  return buffer;
}
