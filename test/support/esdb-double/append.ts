import { status, type sendUnaryData, type ServerDuplexStream, type ServerReadableStream } from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { AllStreamPosition, Empty, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import type { AppendOutcome, EventLog, ExpectedRevision, ProposedEvent } from './event-log';
import { expectedRevision, proposedEvent, streamIdentifier, streamNameOf } from './proto';

// google-protobuf is the client's own dependency; its Any is what the client unpacks error details from.

/** Streams.Append: options first, then the proposed messages; answered once the client ends its stream. */
export function serveAppend(log: EventLog, call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void {
  const requests: AppendReq[] = [];
  call.on('data', (request: AppendReq) => requests.push(request));
  call.on('end', () => {
    const [first, ...rest] = requests;
    const options = first?.getOptions();
    if (!options) return callback({ code: status.INVALID_ARGUMENT, details: 'Append must start with its options' });
    try {
      const events = rest.map((request) => proposedEvent(request.getProposedMessage() as AppendReq.ProposedMessage));
      const expected = expectedRevision(options, () => options.getRevision());
      callback(null, appendResponse(log.append(streamNameOf(options.getStreamIdentifier()), expected, events), expected));
    } catch (error) {
      callback({ code: status.INVALID_ARGUMENT, details: String(error) });
    }
  });
}

/** Modern servers answer a wrong expected version inside the response, not as a gRPC error. */
function appendResponse(outcome: AppendOutcome, expected: ExpectedRevision): AppendResp {
  if (outcome.kind === 'success') {
    const position = new AppendResp.Position().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString());
    return new AppendResp().setSuccess(new AppendResp.Success().setCurrentRevision(outcome.revision.toString()).setPosition(position));
  }
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.current < 0n) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(outcome.current.toString());
  if (expected.kind === 'any') wrong.setExpectedAny(new Empty());
  else if (expected.kind === 'exists') wrong.setExpectedStreamExists(new Empty());
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new Empty());
  else wrong.setExpectedRevision(expected.revision.toString());
  return new AppendResp().setWrongExpectedVersion(wrong);
}

interface PendingBatch {
  stream: string;
  expected: ExpectedRevision;
  events: ProposedEvent[];
}

/**
 * Streams.BatchAppend: one bidirectional stream carries many appends told apart by correlation id;
 * a batch's options come with its first message and it is written when a message says `is_final`.
 * Assumption: the per-batch deadline is ignored (the double answers at once).
 */
export function serveBatchAppend(log: EventLog, call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
  const pending = new Map<string, PendingBatch>();
  call.on('data', (request: BatchAppendReq) => {
    try {
      const response = receiveBatchPart(log, pending, request);
      if (response) call.write(response);
    } catch (error) {
      call.emit('error', { code: status.INVALID_ARGUMENT, details: String(error) });
    }
  });
  call.on('end', () => call.end());
}

/** Adds one message to its batch; writes the batch and answers when the message is the final one. */
function receiveBatchPart(log: EventLog, pending: Map<string, PendingBatch>, request: BatchAppendReq): BatchAppendResp | null {
  const correlationId = request.getCorrelationId()?.getString() ?? '';
  const options = request.getOptions();
  const batch = pending.get(correlationId) ?? { stream: '', expected: { kind: 'any' }, events: [] };
  if (options) {
    batch.stream = streamNameOf(options.getStreamIdentifier());
    batch.expected = expectedRevision(options, () => options.getStreamPosition());
  }
  batch.events.push(...request.getProposedMessagesList().map(proposedEvent));
  pending.set(correlationId, batch);
  if (!request.getIsFinal()) return null;
  pending.delete(correlationId);
  return batchResponse(log.append(batch.stream, batch.expected, batch.events), batch.expected)
    .setCorrelationId(request.getCorrelationId())
    .setStreamIdentifier(streamIdentifier(batch.stream));
}

function batchResponse(outcome: AppendOutcome, expected: ExpectedRevision): BatchAppendResp {
  if (outcome.kind === 'success') {
    const position = new AllStreamPosition().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString());
    return new BatchAppendResp().setSuccess(new BatchAppendResp.Success().setCurrentRevision(outcome.revision.toString()).setPosition(position));
  }
  // As the server's Status.WrongExpectedVersion: code AlreadyExists, details packing the shared message.
  const details = new WrongExpectedVersion();
  if (outcome.current < 0n) details.setCurrentNoStream(new ProtobufEmpty());
  else details.setCurrentStreamRevision(outcome.current.toString());
  if (expected.kind === 'any') details.setExpectedAny(new ProtobufEmpty());
  else if (expected.kind === 'exists') details.setExpectedStreamExists(new ProtobufEmpty());
  else if (expected.kind === 'no_stream') details.setExpectedNoStream(new ProtobufEmpty());
  else details.setExpectedStreamPosition(expected.revision.toString());
  const any = new Any();
  any.pack(details.serializeBinary(), 'event_store.client.WrongExpectedVersion');
  return new BatchAppendResp().setError(new Status().setCode(Code.ALREADY_EXISTS).setMessage('WrongExpectedVersion').setDetails(any));
}
