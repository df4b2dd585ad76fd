import { ProcessingMode, aggregate, find as mingoFind } from 'mingo';
import type { Document } from 'mongodb';
import type { SortPattern } from './order-stages';
import type { Stage } from './plan-stages';
import { planFind } from './query-planner';
import { SERVER_ORDER, pipelineInServerOrder } from './server-order';
import { CommandError, collectionNameOf, toNumber, type CommandContext, type Handler } from './state';

/**
 * Query commands: a find runs the plan query-planner.ts makes over the collection's indexes (and
 * `explain` shows it), with mingo supplying MongoDB's matching, projection and aggregation semantics
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

/** A find's plan over the double's indexes (query-planner.ts), built afresh for each run. */
function findPlan(command: Document, context: CommandContext): { name: string; skip: number; plan: Stage } {
  const name = collectionNameOf(command, 'find');
  const limit = Math.abs(toNumber(command.limit ?? 0));
  const skip = toNumber(command.skip ?? 0);
  const sort = command.sort && Object.keys(command.sort as Document).length > 0 ? (command.sort as SortPattern) : undefined;
  const plan = planFind(context.state.catalog.find(context.db, name), { filter: (command.filter ?? {}) as Document, sort, wanted: limit > 0 ? limit + skip : 0 });
  return { name, skip, plan };
}

const find: Handler = (command, context) => {
  const { name, skip, plan } = findPlan(command, context);
  const page = [...plan.run()].slice(skip);
  const projected = mingoFind(page, {}, command.projection as Document | undefined, SERVER_ORDER).all() as Document[];
  const single = command.singleBatch === true || toNumber(command.limit ?? 0) < 0;
  return context.state.cursors.first(`${context.db}.${name}`, projected, batchSizeOf(command, DEFAULT_FIRST_BATCH), single);
};

/**
 * `explain` of a find, in the shape of a 7.0 server's classic engine (queryPlanner, and with
 * executionStats or allPlansExecution verbosity the stats of running it): the plan the double
 * really runs for that find, so an index it does not use cannot be reported as used.
 */
const explain: Handler = (command, context) => {
  const inner = (command.explain ?? {}) as Document;
  if (Object.keys(inner)[0] !== 'find') throw new CommandError(2, 'BadValue', `The double explains find only, not ${Object.keys(inner)[0] ?? 'nothing'}`);
  const { name, plan } = findPlan(inner, context);
  const returned = [...plan.run()].length;
  const projection = inner.projection as Document | undefined;
  const withProjection = (stage: Document, withStats: boolean) =>
    projection && Object.keys(projection).length > 0 ? { stage: 'PROJECTION_SIMPLE', ...(withStats ? { nReturned: returned } : {}), transformBy: projection, inputStage: stage } : stage;
  const withStats = command.verbosity !== 'queryPlanner';
  const stages = plan.stages();
  const total = (field: 'keysExamined' | 'docsExamined') => stages.reduce((sum, stage) => sum + ((stage as Partial<Record<typeof field, number>>)[field] ?? 0), 0);
  return {
    explainVersion: '1',
    queryPlanner: {
      namespace: `${context.db}.${name}`,
      indexFilterSet: false,
      parsedQuery: inner.filter ?? {},
      maxIndexedOrSolutionsReached: false,
      maxIndexedAndSolutionsReached: false,
      maxScansToExplodeReached: false,
      winningPlan: withProjection(plan.describe(false), false),
      rejectedPlans: [],
    },
    ...(withStats
      ? {
          executionStats: {
            executionSuccess: true,
            nReturned: returned,
            executionTimeMillis: 0,
            totalKeysExamined: total('keysExamined'),
            totalDocsExamined: total('docsExamined'),
            executionStages: withProjection(plan.describe(true), true),
          },
        }
      : {}),
    command: { ...inner, $db: context.db },
    serverInfo: { host: '127.0.0.1', port: 0, version: '7.0.0', gitVersion: 'mongodb-double' },
  };
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

export const readCommands: Record<string, Handler> = { find, explain, getMore, killCursors, aggregate: aggregateCommand };
