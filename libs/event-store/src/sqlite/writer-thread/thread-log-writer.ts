import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EventStoreUnavailableError, type AppendResult } from '../../event-store';
import type { AppendRequest, LogWriter } from '../group-commit';
import { errorFromTheWire, type FromWriter, type SettledAppend, type WriterThreadData } from './thread-messages';

/** Names the module that registers a TypeScript loader in a worker, when the code runs from its sources (the tests). */
export const TYPESCRIPT_WORKER_LOADER = 'ITSM_TYPESCRIPT_WORKER_LOADER';

interface Pending {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * The log's writer on a thread of its own (ADR 25). Each append is posted to the thread, which
 * group-commits whatever arrived while it was busy and answers each append once its group is on
 * disk. While SQLite inserts and fsyncs there, this thread's event loop goes on serving requests.
 */
export class ThreadLogWriter implements LogWriter {
  private started: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private lastId = 0;
  private stopped: Error | null = null;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly data: WriterThreadData,
    /** Called after a COMMIT that wrote at least one event. */
    private readonly onCommitted: () => void,
  ) {}

  /** Started by the first append: the projector and the query API open the log mostly to read it. */
  private get worker(): Worker {
    if (this.started !== null) return this.started;
    const worker = startWriterThread(this.data);
    // An idle writer does not keep the process alive; one with appends in flight does (see track()).
    worker.unref();
    worker.on('message', (message: FromWriter) => {
      if (message.kind === 'settled') this.settle(message.outcomes);
    });
    worker.on('error', (error) => this.stop(error));
    worker.on('exit', (code) => this.stop(new EventStoreUnavailableError(`the log's writer thread stopped (exit code ${code})`)));
    this.started = worker;
    return worker;
  }

  submit(request: AppendRequest): Promise<AppendResult> {
    if (this.stopped !== null) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => {
      const id = ++this.lastId;
      try {
        this.worker.postMessage({ kind: 'append', id, request });
      } catch (error) {
        // Data that cannot be cloned (a function, a symbol): this append fails alone, as one that cannot be serialised does.
        reject(error);
        return;
      }
      this.pending.set(id, { resolve, reject });
      this.track();
    });
  }

  /** The thread writes every append posted before this, answers them, closes its connection and ends. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      const worker = this.started;
      if (worker === null || this.stopped !== null) return resolve();
      worker.ref();
      worker.once('exit', () => resolve());
      worker.postMessage({ kind: 'close' });
    });
    return this.closing;
  }

  private settle(outcomes: readonly SettledAppend[]): void {
    let committed = false;
    for (const outcome of outcomes) {
      const pending = this.pending.get(outcome.id);
      this.pending.delete(outcome.id);
      if (outcome.ok) {
        committed = true;
        pending?.resolve(outcome.result);
      } else {
        pending?.reject(errorFromTheWire(outcome.error));
      }
    }
    this.track();
    if (committed) this.onCommitted();
  }

  /** Appends in flight must keep a script alive until they are answered; an idle writer must not. */
  private track(): void {
    if (this.pending.size > 0) this.started?.ref();
    else if (this.closing === null) this.started?.unref();
  }

  /** The thread is gone: nothing more can be written, and nothing in flight will be answered by it. */
  private stop(reason: Error): void {
    this.stopped ??= reason;
    for (const pending of this.pending.values()) pending.reject(reason);
    this.pending.clear();
  }
}

function startWriterThread(data: WriterThreadData): Worker {
  const extension = extname(__filename);
  const entry = join(__dirname, `log-writer.worker${extension}`);
  if (extension !== '.ts') return new Worker(entry, { workerData: data });
  // Run from TypeScript sources (jest): the thread needs a loader, which the test setup names.
  // Not configuration: the test harness names its loader here, and built code never reaches this line.
  // eslint-disable-next-line no-restricted-syntax
  const loader = process.env[TYPESCRIPT_WORKER_LOADER];
  if (loader === undefined) throw new Error(`The log's writer thread runs compiled code; to run it from TypeScript sources, set ${TYPESCRIPT_WORKER_LOADER} to a module that registers a loader`);
  return new Worker(`require(${JSON.stringify(loader)}); require(${JSON.stringify(entry)});`, { eval: true, workerData: data });
}
