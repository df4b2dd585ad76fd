import type { PoisonEvent } from '@itsm/domain';
import { hasReached, sleep, type EventStore, type Position, type RecordedEvent } from '@itsm/event-store/port';
import type { ReadStore, StoredDocument } from '@itsm/read-store/port';
import type { Projection } from '../projection';
import { projectionKey, type AnyEvent } from '../shared/projection-key';
import { isPositionBeyondHead, replayMessage, type PositionBeyondHead } from './checkpoint-beyond-head';
import { backoffMs, landBatch, silentLogger, skipPoison, stopAtPoison, type PoisonHandling, type RunnerLogger } from './landing';
import { PoisonEventError } from './project-events';

export type { PoisonHandling, RunnerLogger } from './landing';

export interface ProjectionRunnerOptions {
  /** Events projected per applyBatch at most; default 500. */
  readonly maxBatchSize?: number;
  /** Backoff after a failure: doubles from `initialDelayMs` (default 500) up to `maxDelayMs` (default 30000). */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  readonly logger?: RunnerLogger;
  readonly poison?: PoisonHandling;
}

export interface ProjectionStatus {
  /** The projection key (`name_vN`): its checkpoint key and collection name. */
  readonly name: string;
  readonly checkpoint: Position | null;
  /** The last batch reached the head of the log as it stood when read. */
  readonly caughtUp: boolean;
  readonly running: boolean;
  /** Message of the last failure; cleared by the next batch that lands. */
  readonly lastError: string | null;
  readonly consecutiveFailures: number;
  /** The event it stopped at, waiting for an order; null while it runs. */
  readonly paused: PoisonEvent | null;
}

interface RunnerState {
  checkpoint: Position | null;
  caughtUp: boolean;
  lastError: string | null;
  failures: number;
  paused: PoisonEvent | null;
}

/** Thrown out of a batch when the runner stopped at a poison event: it then waits for its order. */
class Paused extends Error {
  constructor(readonly poison: PoisonEvent) {
    super(`Paused at ${poison.position}`);
  }
}

/** Thrown out of a batch whose poison event was skipped as ordered: the runner reads on from its checkpoint at once. */
class ReadOnFromCheckpoint extends Error {}

/**
 * Runs one projection against the global log from its checkpoint, forever: batches events,
 * loads the documents they touch, projects them, and lands documents and checkpoint together.
 * A failing batch is retried from the stored checkpoint with backoff, so no event is skipped.
 */
export class ProjectionRunner<E extends AnyEvent = AnyEvent, D extends StoredDocument = StoredDocument> {
  readonly key: string;
  private readonly maxBatchSize: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly logger: RunnerLogger;
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private state: RunnerState = { checkpoint: null, caughtUp: false, lastError: null, failures: 0, paused: null };
  private readonly poison: PoisonHandling | undefined;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readStore: ReadStore,
    private readonly projection: Projection<E, D>,
    options: ProjectionRunnerOptions = {},
  ) {
    this.key = projectionKey(projection);
    if (projection.collection.name !== this.key) {
      throw new RangeError(`Projection ${this.key} must keep its documents in the collection ${this.key}, not ${projection.collection.name}`);
    }
    this.maxBatchSize = options.maxBatchSize ?? 500;
    if (!Number.isInteger(this.maxBatchSize) || this.maxBatchSize < 1) throw new RangeError('maxBatchSize must be a positive integer');
    this.initialDelayMs = options.retry?.initialDelayMs ?? 500;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
    this.logger = options.logger ?? silentLogger;
    this.poison = options.poison;
  }

  /** Starts consuming in the background; a second call while running does nothing. */
  start(): void {
    if (this.loop) return;
    const controller = new AbortController();
    this.controller = controller;
    this.loop = this.runUntilStopped(controller.signal).finally(() => {
      this.loop = null;
      this.controller = null;
    });
  }

  /** Resolves once the batch in flight, if any, has landed or failed, and consuming has stopped. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
  }

  status(): ProjectionStatus {
    const { checkpoint, caughtUp, lastError, failures, paused } = this.state;
    return { name: this.key, checkpoint, caughtUp, running: this.loop !== null, lastError, consecutiveFailures: failures, paused };
  }

  private async runUntilStopped(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.consumeFromCheckpoint(signal);
        if (!signal.aborted) throw new Error('The subscription ended while the runner was still running');
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof Paused) await this.awaitOrder(error.poison, signal);
        else if (!(error instanceof ReadOnFromCheckpoint)) await this.recordFailure(error, signal);
      }
    }
  }

  private async consumeFromCheckpoint(signal: AbortSignal): Promise<void> {
    await this.readStore.ensureCollection(this.projection.collection);
    this.state.checkpoint = await this.readStore.checkpoint(this.key);
    try {
      await this.consume(signal);
    } catch (error) {
      if (!isPositionBeyondHead(error)) throw error;
      await this.forgetCheckpoint(error);
      await this.consume(signal);
    }
  }

  /**
   * A stored checkpoint beyond the head of the log cannot be right, and no event will ever follow
   * it (ADR 9). The documents are right up to their own `_position`, so replaying from the start
   * repairs the read model; the checkpoint must be reset first, as applyBatch never lowers it.
   */
  private async forgetCheckpoint(error: PositionBeyondHead): Promise<void> {
    this.logger.error(replayMessage(this.key, error), error.stack);
    await this.readStore.resetCheckpoint(this.key, null);
    this.state.checkpoint = null;
  }

  private async consume(signal: AbortSignal): Promise<void> {
    this.logger.log(`Projection ${this.key} subscribing after ${this.state.checkpoint ?? 'the start'}`);
    const subscription = this.eventStore.subscribe({
      after: this.state.checkpoint,
      filter: { streamPrefixes: this.projection.streamPrefixes },
      signal,
    });
    let batch: RecordedEvent[] = [];
    for await (const message of subscription) {
      if (message.kind === 'event') {
        batch.push(message.event);
        if (batch.length < this.maxBatchSize) continue;
        await this.flush(batch, message.event.position, false);
      } else {
        // A checkpoint names the scan position, which is at or past the events before it; take the later anyway.
        const last = batch[batch.length - 1]?.position ?? message.position;
        await this.flush(batch, last > message.position ? last : message.position, message.caughtUp);
      }
      batch = [];
    }
  }

  private async flush(events: readonly RecordedEvent[], through: Position, caughtUp: boolean): Promise<void> {
    // Advance even when no event of the batch was ours (consistentWith waits on any position), but
    // write nothing when the position did not move.
    if (!hasReached(this.state.checkpoint, through)) {
      try {
        await this.land(events, through);
      } catch (error) {
        if (!(error instanceof PoisonEventError) || this.poison === undefined) throw error;
        await this.stopAt(events, error, this.poison);
      }
    }
    this.state.caughtUp = caughtUp;
    this.state.lastError = null;
    this.state.failures = 0;
  }

  private async land(events: readonly RecordedEvent[], through: Position): Promise<void> {
    await landBatch(this.readStore, this.projection, this.key, events, through);
    this.state.checkpoint = through;
  }

  /**
   * Lands the events before the poison one, so the read model stops exactly there. A standing order
   * to skip it (given while this projector was away) is carried out at once; otherwise the pause is
   * recorded and the runner waits (Paused).
   */
  private async stopAt(events: readonly RecordedEvent[], error: PoisonEventError, handling: PoisonHandling): Promise<void> {
    const outcome = await stopAtPoison(this.readStore, this.projection, this.key, events, error, handling, this.logger);
    if (outcome.checkpoint !== null) this.state.checkpoint = outcome.checkpoint;
    if (outcome.skipped) throw new ReadOnFromCheckpoint();
    this.state.paused = outcome.poison;
    throw new Paused(outcome.poison);
  }

  /** Waits for the admin's order: retry reads on from the checkpoint (the event again); skip first moves the checkpoint past it. */
  private async awaitOrder(poison: PoisonEvent, signal: AbortSignal): Promise<void> {
    const handling = this.poison as PoisonHandling;
    while (!signal.aborted) {
      const order = await handling.order(poison).catch(() => null);
      if (order === 'skip') await this.skip(poison);
      if (order !== null) {
        this.state.paused = null;
        this.logger.log(`Projection ${this.key} resumed at ${poison.position}: ${order}`);
        return;
      }
      await sleep(handling.pollMs, signal);
    }
  }

  /** The checkpoint moves past the event; no document changes for it. */
  private async skip(poison: PoisonEvent): Promise<void> {
    await skipPoison(this.readStore, this.key, poison);
    this.state.checkpoint = poison.position;
  }

  private async recordFailure(error: unknown, signal: AbortSignal): Promise<void> {
    const failures = this.state.failures + 1;
    const wait = backoffMs(failures, this.initialDelayMs, this.maxDelayMs);
    const message = error instanceof Error ? error.message : String(error);
    this.state = { ...this.state, caughtUp: false, lastError: message, failures };
    this.logger.error(`Projection ${this.key} failed (attempt ${failures}), retrying in ${wait} ms: ${message}`, error instanceof Error ? error.stack : undefined);
    await sleep(wait, signal);
  }
}
