import { ProcessingMode, aggregate, find as mingoFind } from 'mingo';
import type { Document } from 'mongodb';
import { SERVER_ORDER, pipelineInServerOrder, sortInServerOrder, withServerStringOrder } from './server-order';
import { collectionNameOf, toNumber, type CommandContext, type Handler } from './state';

/**
 * Query commands, with mingo supplying MongoDB's matching, projection and aggregation semantics
 * (type bracketing, null matching missing), except where its order is not the server's: string
 * comparisons in ranges and sorts are by UTF-8 bytes (server-order.ts). Known gaps: numbers lose
 * their BSON type (int, double), and `$sort` stages inside an aggregation keep mingo's order.
 *
 * Batching as a server does it: without batchSize the first batch holds up to 101 documents and a
 * getMore the rest; the result is computed up front (a snapshot), which a real cursor is not.
 */
const DEFAULT_FIRST_BATCH = 101;

function documentsOf({ db, state }: CommandContext, name: string): Document[] {
  return state.catalog.find(db, name)?.documents ?? [];
}

const find: Handler = (command, context) => {
  const name = collectionNameOf(command, 'find');
  const limit = Math.abs(toNumber(command.limit ?? 0));
  const matching = mingoFind(documentsOf(context, name), withServerStringOrder((command.filter ?? {}) as Document), {}, SERVER_ORDER).all() as Document[];
  const sorted = command.sort ? sortInServerOrder(matching, command.sort as Record<string, number>) : matching;
  const skip = toNumber(command.skip ?? 0);
  const page = sorted.slice(skip, limit > 0 ? skip + limit : undefined);
  const projected = mingoFind(page, {}, command.projection as Document | undefined, SERVER_ORDER).all() as Document[];
  const single = command.singleBatch === true || toNumber(command.limit ?? 0) < 0;
  return context.state.cursors.first(`${context.db}.${name}`, projected, batchSizeOf(command, DEFAULT_FIRST_BATCH), single);
};

const getMore: Handler = (command, { state }) => state.cursors.next(toNumber(command.getMore), batchSizeOf(command, Infinity));

const killCursors: Handler = (command, { state }) => {
  const ids = ((command.cursors ?? []) as unknown[]).map(toNumber);
  return {
    cursorsKilled: ids.filter((id) => state.cursors.kill(id)),
    cursorsNotFound: [],
    cursorsAlive: [],
    cursorsUnknown: [],
  };
};

/** `countDocuments` arrives here too: a `$match` then a `$group` summing 1. */
const aggregateCommand: Handler = (command, context) => {
  const name = collectionNameOf(command, 'aggregate');
  const pipeline = (command.pipeline ?? []) as Document[];
  // CLONE_INPUT: stages such as $addFields must never reach into the stored documents.
  const results = aggregate(documentsOf(context, name), pipelineInServerOrder(pipeline), { ...SERVER_ORDER, processingMode: ProcessingMode.CLONE_INPUT });
  const batchSize = batchSizeOf((command.cursor ?? {}) as Document, DEFAULT_FIRST_BATCH);
  return context.state.cursors.first(`${context.db}.${name}`, results, batchSize, false);
};

function batchSizeOf(options: Document, fallback: number): number {
  const size = toNumber(options.batchSize ?? 0);
  return size > 0 ? size : fallback;
}

export const readCommands: Record<string, Handler> = { find, getMore, killCursors, aggregate: aggregateCommand };
