import { comparePositions, hasReached, sleep, type Position, type RecordedEvent } from '@itsm/event-store/port';
import type { ProjectionBatch, ReadStore, StoredDocument } from '@itsm/read-store/port';
import type { Projection } from '../projection';
import { projectionKey, type AnyEvent } from '../shared/projection-key';
import { backoffMs, projectBatch, silentLogger, skipPoison, stopAtPoison, type PoisonHandling, type RunnerLogger } from './landing';
import { PoisonEventError } from './project-events';
import type { ProjectionRunnerOptions, ProjectionStatus } from './projection-runner';

/** What a projection needs of the pass it rides: a place in a lane, and to leave it. */
export interface PassSeat {
  place(member: PassProjection): Promise<void>;
  leave(member: PassProjection): void;
}

export interface PassProjectionOptions extends ProjectionRunnerOptions {
  /**
   * A projection whose batch does not fill lands anyway once the pass has read this many events
   * since it last landed (default 20 × maxBatchSize), so its checkpoint follows the log during a
   * rebuild, and a restart re-reads little.
   */
  readonly landEveryEvents?: number;
}

/** What a projection has projected and not written yet: the lane writes it with the others' at the end of a page. */
interface Projected<D> {
  readonly documents: Map<string, D>;
  /** The checkpoint the documents bring it to. */
  through: Position;
  caughtUp: boolean;
}

/**
 * One projection fed by a shared pass over the log (LogPass): it takes the events of its streams
 * and types from the lane it rides and projects them in batches exactly as ProjectionRunner does
 * (projectBatch); the lane lands what every projection has projected at the end of each page, in
 * one applyBatches. When a batch cannot be projected (a poison event) or land (a failing store), it
 * leaves the lane alone, recovers as ProjectionRunner would, and asks for a place again from its
 * stored checkpoint.
 */
export class PassProjection<E extends AnyEvent = AnyEvent, D extends StoredDocument = StoredDocument> {
  readonly key: string;
  /** Every event up to here is landed or in `pending`: the lane gives it only later ones. */
  seen: Position | null = null;
  private pending: RecordedEvent[] = [];
  private projected: Projected<D> | null = null;
  private readSinceLanding = 0;
  private controller: AbortController | null = null;
  private recovery: Promise<void> | null = null;
  /** Its collection was made without indexes for a bulk load; they are built when it reaches the head. */
  private indexesDeferred = false;
  /** Out of its lane after a batch that could not land, until it has a place again. */
  private recovering = false;
  private landing: Promise<void> | null = null;
  private checkpoint: Position | null = null;
  private caughtUp = false;
  private lastError: string | null = null;
  private failures = 0;
  private paused: ProjectionStatus['paused'] = null;
  private readonly maxBatchSize: number;
  private readonly landEveryEvents: number;
  private readonly types: ReadonlySet<string> | null;
  private readonly logger: RunnerLogger;

  constructor(
    private readonly seat: PassSeat,
    private readonly readStore: ReadStore,
    readonly projection: Projection<E, D>,
    private readonly options: PassProjectionOptions = {},
  ) {
    this.key = projectionKey(projection);
    if (projection.collection.name !== this.key) throw new RangeError(`Projection ${this.key} must keep its documents in the collection ${this.key}, not ${projection.collection.name}`);
    this.maxBatchSize = options.maxBatchSize ?? 500;
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < 1) throw new RangeError('maxBatchSize must be a positive integer');
    this.landEveryEvents = options.landEveryEvents ?? 20 * this.maxBatchSize;
    this.types = projection.handlesEveryType === true ? null : new Set<string>(projection.handles);
    this.logger = options.logger ?? silentLogger;
  }

  get started(): boolean {
    return this.controller !== null;
  }

  /** Asks the pass for a place; a second call while started does nothing. */
  start(): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.recovery = this.takeSeat(controller.signal);
  }

  /** Leaves the pass; resolves once the batch in flight, if any, has landed or failed. */
  async stop(): Promise<void> {
    const controller = this.controller;
    if (!controller) return;
    controller.abort();
    this.controller = null;
    this.seat.leave(this);
    await this.landing;
    await this.recovery;
    this.pending = [];
    this.projected = null;
  }

  status(): ProjectionStatus {
    const { key: name, checkpoint, caughtUp, lastError, failures: consecutiveFailures, paused } = this;
    return { name, checkpoint, caughtUp, running: this.started, lastError, consecutiveFailures, paused };
  }

  /** Where the pass placed it: it reads on after its stored checkpoint, holding nothing. */
  restartAt(checkpoint: Position | null): void {
    this.checkpoint = checkpoint;
    this.seen = checkpoint;
    this.pending = [];
    this.projected = null;
    this.readSinceLanding = 0;
  }

  /** The lane's event; a promise only when a full batch is projected, which the lane waits for. */
  take(event: RecordedEvent): Promise<void> | undefined {
    if (this.seen !== null && comparePositions(event.position, this.seen) <= 0) return undefined;
    this.seen = event.position;
    this.readSinceLanding += 1;
    if (!this.wants(event)) return undefined;
    this.pending.push(event);
    return this.pending.length >= this.maxBatchSize ? this.project(false) : undefined;
  }

  deferIndexes(deferred: boolean): void {
    this.indexesDeferred = deferred;
  }

  /**
   * The lane read the log up to `position` (caught up: to the head): projects what is due to land
   * at the end of this page, building deferred indexes before the head's landing.
   */
  reached(position: Position, caughtUp: boolean): Promise<void> | undefined {
    if (this.seen === null || comparePositions(position, this.seen) > 0) this.seen = position;
    if (caughtUp && this.indexesDeferred) return this.buildIndexes().then(() => (this.recovering ? undefined : this.project(true)));
    return caughtUp || this.readSinceLanding >= this.landEveryEvents ? this.project(caughtUp) : undefined;
  }

  /** What the lane is to write for it now: null when it projected nothing since it last landed, or its checkpoint would not move. */
  batch(): ProjectionBatch | null {
    const projected = this.projected;
    if (projected === null || hasReached(this.checkpoint, projected.through)) return null;
    const collection = this.projection.collection.name;
    return { projection: this.key, writes: [...projected.documents.values()].map((document) => ({ collection, document })), checkpoint: projected.through };
  }

  /** Whether it projected anything since it last landed (its status changes when the lane lands, even if nothing is written). */
  get due(): boolean {
    return this.projected !== null;
  }

  /** The lane is writing its batch (with others'): stopping waits for it. */
  landingIn(write: Promise<void>): void {
    this.landing = write.catch(() => undefined);
  }

  /** Its batch is written: the checkpoint moves and the status says so. */
  landed(): void {
    const projected = this.projected;
    this.projected = null;
    if (projected === null) return;
    if (!hasReached(this.checkpoint, projected.through)) this.checkpoint = projected.through;
    if (this.controller === null || this.recovering) return;
    this.caughtUp = projected.caughtUp;
    this.lastError = null;
    this.failures = 0;
  }

  /** Writes its batch alone (the lane's write of everyone's failed, or its own next step did): a failure takes it out of the lane. */
  async landAlone(): Promise<void> {
    const write = this.writeAlone();
    this.landing = write;
    await write;
  }

  /** The lane could not read the log: said on /health until a batch lands again. */
  readFailed(error: unknown, failures: number): void {
    this.lastError = error instanceof Error ? error.message : String(error);
    this.failures = failures;
    this.caughtUp = false;
  }

  private async writeAlone(): Promise<void> {
    const batch = this.batch();
    try {
      if (batch) await this.readStore.applyBatches([batch]);
      this.landed();
    } catch (error) {
      this.projected = null;
      this.leaveToRecover(error, []);
    }
  }

  private wants(event: RecordedEvent): boolean {
    return (this.types === null || this.types.has(event.type)) && this.projection.streamPrefixes.some((prefix) => event.stream.startsWith(prefix));
  }

  /**
   * Projects the events taken since the last step onto the documents, as stored or as projected
   * before and not written yet, to land with the lane's next write. It moves the checkpoint to what
   * it has seen even when no event was its own (consistentWith waits on any position).
   */
  private async project(caughtUp: boolean): Promise<void> {
    const through = this.seen;
    const events = this.pending;
    this.pending = [];
    this.readSinceLanding = 0;
    if (through === null) return;
    const held = this.projected?.documents ?? new Map<string, D>();
    try {
      const documents = events.length === 0 ? [] : await projectBatch(this.readStore, this.projection, events, held);
      for (const document of documents) held.set(document.id, document);
      this.projected = { documents: held, through, caughtUp };
    } catch (error) {
      // What it projected before lands first, so a poison event stops its read model exactly there.
      await this.landAlone();
      if (!this.recovering) this.leaveToRecover(error, events);
    }
  }

  private async buildIndexes(): Promise<void> {
    try {
      await this.readStore.ensureCollection(this.projection.collection);
      this.indexesDeferred = false;
    } catch (error) {
      this.leaveToRecover(error, this.pending);
    }
  }

  private leaveToRecover(error: unknown, events: readonly RecordedEvent[]): void {
    const signal = this.controller?.signal;
    this.seat.leave(this);
    this.recovering = true;
    if (signal && !signal.aborted) this.recovery = this.recover(error, events, signal);
  }

  /** Out of the lane: stops at a poison event or backs off after a failure, then asks for a place again. */
  private async recover(error: unknown, events: readonly RecordedEvent[], signal: AbortSignal): Promise<void> {
    try {
      if (error instanceof PoisonEventError && this.options.poison) {
        const outcome = await stopAtPoison(this.readStore, this.projection, this.key, events, error, this.options.poison, this.logger);
        if (outcome.checkpoint !== null) this.checkpoint = outcome.checkpoint;
        if (!outcome.skipped) await this.awaitOrder(outcome.poison, this.options.poison, signal);
      } else {
        await this.backOff(error, signal);
      }
    } catch (failure) {
      await this.backOff(failure, signal);
    }
    await this.takeSeat(signal);
  }

  /** Asks the pass for a place until it gets one; each failure is recorded and backed off. */
  private async takeSeat(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.seat.place(this);
        this.recovering = false;
        return;
      } catch (error) {
        await this.backOff(error, signal);
      }
    }
  }

  /** Waits for the admin's order: retry reads on from the checkpoint (the event again); skip first moves the checkpoint past it. */
  private async awaitOrder(poison: NonNullable<ProjectionStatus['paused']>, handling: PoisonHandling, signal: AbortSignal): Promise<void> {
    this.paused = poison;
    while (!signal.aborted) {
      const order = await handling.order(poison).catch(() => null);
      if (order === 'skip') await skipPoison(this.readStore, this.key, poison);
      if (order !== null) {
        this.paused = null;
        this.logger.log(`Projection ${this.key} resumed at ${poison.position}: ${order}`);
        return;
      }
      await sleep(handling.pollMs, signal);
    }
  }

  private async backOff(error: unknown, signal: AbortSignal): Promise<void> {
    this.failures += 1;
    const wait = backoffMs(this.failures, this.options.retry?.initialDelayMs ?? 500, this.options.retry?.maxDelayMs ?? 30_000);
    this.lastError = error instanceof Error ? error.message : String(error);
    this.caughtUp = false;
    this.logger.error(`Projection ${this.key} failed (attempt ${this.failures}), retrying in ${wait} ms: ${this.lastError}`, error instanceof Error ? error.stack : undefined);
    await sleep(wait, signal);
  }
}
