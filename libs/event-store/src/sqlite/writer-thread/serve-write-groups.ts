import { parentPort } from 'node:worker_threads';
import { errorOnTheWire, type FromWriter, type PostedWrite, type SettledWrite, type ToWriter, type WriteOutcome } from './thread-messages';

/** What a writer thread's module opens: its connection's group commit, and how to close it. */
export interface WriteGroups<Request, Result> {
  /** Writes a group in one transaction, answering each write's outcome; throws when the group as a whole failed. */
  commit(group: readonly Request[]): WriteOutcome<Result>[];
  close(): void;
}

/**
 * The loop of a writer thread (ADR 25), run by its worker module: writes that arrive while it is
 * committing wait in the port and form the next group, and each group's outcomes go back in one
 * message once its COMMIT returned. `close` writes what arrived before it, then ends the thread.
 */
export function serveWriteGroups<Request, Result>(writes: WriteGroups<Request, Result>): void {
  const port = parentPort;
  if (port === null) throw new Error('A writer thread module runs only as a worker thread');
  let queue: PostedWrite<Request>[] = [];
  let scheduled: NodeJS.Immediate | null = null;
  const send = (message: FromWriter<Result>) => port.postMessage(message);

  const flush = (): void => {
    if (scheduled !== null) clearImmediate(scheduled);
    scheduled = null;
    const group = queue;
    queue = [];
    if (group.length === 0) return;
    let outcomes: WriteOutcome<Result>[];
    try {
      outcomes = writes.commit(group.map((write) => write.request));
    } catch (error) {
      outcomes = group.map(() => ({ ok: false, error }));
    }
    send({ kind: 'settled', outcomes: group.map(({ id }, index) => settled(id, outcomes[index] as WriteOutcome<Result>)) });
  };

  port.on('message', (message: ToWriter<Request>) => {
    if (message.kind === 'writes') {
      queue.push(...message.writes);
      // Every message already in the port is delivered before the check phase: they are one group.
      scheduled ??= setImmediate(flush);
      return;
    }
    flush();
    writes.close();
    send({ kind: 'closed' });
    port.close();
  });
}

function settled<Result>(id: number, outcome: WriteOutcome<Result>): SettledWrite<Result> {
  return outcome.ok ? { id, ok: true, result: outcome.result } : { id, ok: false, error: errorOnTheWire(outcome.error) };
}
