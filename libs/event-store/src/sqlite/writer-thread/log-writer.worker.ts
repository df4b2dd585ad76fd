import { parentPort, workerData } from 'node:worker_threads';
import { appendOne } from '../append-one';
import { EventQueries } from '../event-queries';
import { groupCommitter, type AppendOutcome, type AppendRequest } from '../group-commit';
import { openDatabase } from '../schema';
import { errorOnTheWire, type FromWriter, type SettledAppend, type ToWriter, type WriterThreadData } from './thread-messages';

/**
 * The log's writer thread (ADR 25): owns the only write connection of its process. Appends that
 * arrive while it is committing wait in the port and form the next group, so the event loop of the
 * app keeps serving requests while SQLite inserts and fsyncs.
 */
const port = parentPort;
if (port === null) throw new Error('log-writer.worker runs only as a worker thread');
const { filename, busyTimeoutMs } = workerData as WriterThreadData;
const db = openDatabase({ filename, busyTimeoutMs });
const queries = new EventQueries(db);
const commitGroup = groupCommitter(db, (request) => appendOne(queries, request));

let queue: { readonly id: number; readonly request: AppendRequest }[] = [];
let scheduled: NodeJS.Immediate | null = null;

port.on('message', (message: ToWriter) => {
  if (message.kind === 'append') {
    queue.push(message);
    // Every message already in the port is delivered before the check phase: they are one group.
    scheduled ??= setImmediate(flush);
    return;
  }
  flush();
  db.close();
  send({ kind: 'closed' });
  port.close();
});

function flush(): void {
  if (scheduled !== null) clearImmediate(scheduled);
  scheduled = null;
  const group = queue;
  queue = [];
  if (group.length === 0) return;
  let outcomes: AppendOutcome[];
  try {
    outcomes = commitGroup(group.map((append) => append.request));
  } catch (error) {
    outcomes = group.map(() => ({ ok: false, error }));
  }
  send({ kind: 'settled', outcomes: group.map(({ id }, index) => settled(id, outcomes[index])) });
}

function settled(id: number, outcome: AppendOutcome): SettledAppend {
  return outcome.ok ? { id, ok: true, result: outcome.result } : { id, ok: false, error: errorOnTheWire(outcome.error) };
}

function send(message: FromWriter): void {
  port?.postMessage(message);
}
