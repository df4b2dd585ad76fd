import { extname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { errorFromTheWire, type FromWriter, type PostedWrite, type SettledWrite, type ToWriter } from './thread-messages';

/** Names the module that registers a TypeScript loader in a worker, when the code runs from its sources (the tests). */
export const TYPESCRIPT_WORKER_LOADER = 'ITSM_TYPESCRIPT_WORKER_LOADER';

interface Pending<Result> {
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/** A write not yet posted, with its caller's promise. */
interface Outgoing<Request, Result> extends PostedWrite<Request>, Pending<Result> {}

/**
 * A SQLite file's writer on a thread of its own (ADR 25), seen from the thread that submits: each
 * write is posted to the thread, which group-commits whatever arrived while it was busy (its module
 * runs serveWriteGroups) and answers each write once its group is on disk. While SQLite inserts and
 * fsyncs there, this thread's event loop goes on serving requests.
 */
export class WriterThread<Request, Result> {
  private started: Worker | null = null;
  private readonly pending = new Map<number, Pending<Result>>();
  private outgoing: Outgoing<Request, Result>[] = [];
  private posting: NodeJS.Immediate | null = null;
  private lastId = 0;
  private closing: Promise<void> | null = null;

  constructor(
    /** The worker module, without its extension, e.g. join(__dirname, 'log-writer.worker'). */
    private readonly module: string,
    private readonly workerData: unknown,
    /** The error a write meets when the thread stops under it: says which store is down, for the caller's answer (503) and the operator. */
    private readonly unavailable: (reason: string) => Error,
    /** Told, after each group that committed any write, how many it committed. */
    private readonly onSettled: (committed: number) => void = () => undefined,
  ) {}

  submit(request: Request): Promise<Result> {
    if (this.closing !== null) return Promise.reject(new Error(`The writer thread ${this.module} is closed`));
    let worker: Worker;
    try {
      worker = this.worker;
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.outgoing.push({ id: ++this.lastId, request, resolve, reject });
      // Waking a thread costs a context switch on a busy machine: the writes of a tick go together.
      this.posting ??= setImmediate(() => this.post());
      worker.ref();
    });
  }

  /** The thread writes every write posted before this, answers them, closes its connection and ends. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      const worker = this.started;
      if (worker === null) return resolve();
      this.post();
      worker.ref();
      worker.once('exit', () => resolve());
      worker.postMessage({ kind: 'close' } satisfies ToWriter<Request>);
    });
    return this.closing;
  }

  /** Started by the first write: a process that opens a file mostly to read it never starts one. */
  private get worker(): Worker {
    if (this.started !== null) return this.started;
    const worker = startWorker(this.module, this.workerData);
    // An idle writer does not keep the process alive; one with writes in flight does (see track()).
    worker.unref();
    worker.on('message', (message: FromWriter<Result>) => {
      if (message.kind === 'settled') this.settle(message.outcomes);
    });
    worker.on('error', (error) => this.stop(worker, error));
    worker.on('exit', (code) => this.stop(worker, this.unavailable(`its writer thread stopped (exit code ${code})`)));
    this.started = worker;
    return worker;
  }

  /** Posts the writes submitted since the last post, in one message. */
  private post(): void {
    if (this.posting !== null) clearImmediate(this.posting);
    this.posting = null;
    const writes = this.outgoing;
    this.outgoing = [];
    if (writes.length === 0) return;
    writes.forEach(({ id, resolve, reject }) => this.pending.set(id, { resolve, reject }));
    try {
      this.worker.postMessage({ kind: 'writes', writes: writes.map(({ id, request }) => ({ id, request })) } satisfies ToWriter<Request>);
    } catch {
      // Data that cannot be cloned (a function, a symbol): post each alone, so only that write fails.
      for (const { id, request, reject } of writes) {
        try {
          this.worker.postMessage({ kind: 'writes', writes: [{ id, request }] } satisfies ToWriter<Request>);
        } catch (error) {
          this.pending.delete(id);
          reject(error);
        }
      }
    }
    this.track();
  }

  private settle(outcomes: readonly SettledWrite<Result>[]): void {
    let committed = 0;
    for (const outcome of outcomes) {
      const pending = this.pending.get(outcome.id);
      this.pending.delete(outcome.id);
      if (outcome.ok) {
        committed += 1;
        pending?.resolve(outcome.result);
      } else {
        pending?.reject(errorFromTheWire(outcome.error));
      }
    }
    this.track();
    // As on the event loop: told of groups that committed something, not of a group that failed whole.
    if (committed > 0) this.onSettled(committed);
  }

  /** Writes in flight must keep a script alive until they are answered; an idle writer must not. */
  private track(): void {
    if (this.pending.size > 0) this.started?.ref();
    else if (this.closing === null) this.started?.unref();
  }

  /**
   * The thread is gone: what it was sent will not be answered by it (a write may have committed
   * before it died: its caller retries with the same event ids, an idempotent repeat). Writes not yet
   * posted, and later ones, go to a new thread: a failed open or a crash does not end writing for good.
   */
  private stop(worker: Worker, reason: Error): void {
    if (this.started !== worker) return; // its 'exit' after its 'error': answered already
    this.started = null;
    for (const pending of this.pending.values()) pending.reject(reason);
    this.pending.clear();
  }
}

function startWorker(module: string, workerData: unknown): Worker {
  const extension = extname(__filename);
  const entry = `${module}${extension}`;
  if (extension !== '.ts') return new Worker(entry, { workerData });
  // Not configuration: run from TypeScript sources (jest), the thread needs a loader, which the test
  // setup names; built code never reaches this line.
  // eslint-disable-next-line no-restricted-syntax
  const loader = process.env[TYPESCRIPT_WORKER_LOADER];
  if (loader === undefined) throw new Error(`Writer threads run compiled code; to run one from TypeScript sources, set ${TYPESCRIPT_WORKER_LOADER} to a module that registers a loader`);
  return new Worker(`require(${JSON.stringify(loader)}); require(${JSON.stringify(entry)});`, { eval: true, workerData });
}
