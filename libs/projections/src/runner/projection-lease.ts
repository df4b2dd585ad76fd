import { sleep } from '@itsm/event-store/port';
import type { ReadStore } from '@itsm/read-store/port';
import type { RunnerLogger } from './projection-runner';

/** Work that must run in one process at a time: a projection's runner, or a reaction's sweep. */
export interface LeasedWork {
  /** Also the lease's name. */
  readonly key: string;
  start(): void;
  stop(): Promise<void>;
}

export interface ProjectionLeaseOptions {
  /** Unique per projector process, e.g. host, pid and a random suffix. */
  readonly owner: string;
  /** How long a lease lasts unless renewed; it is renewed every third of that. */
  readonly ttlMs: number;
  readonly clock?: () => Date;
  readonly logger?: RunnerLogger;
}

/**
 * Runs a projection only while this process holds its lease in the read store, so that any number
 * of projector processes may run: one projects, the others wait as standbys and take over within
 * `ttlMs` when it stops or dies. Should two ever overlap (a paused holder whose lease expired), the
 * position guard makes the late writes change nothing (ADR 3); the lease saves the wasted work.
 */
export class ProjectionLease {
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private held = false;
  private readonly clock: () => Date;

  constructor(
    private readonly readStore: ReadStore,
    private readonly runner: LeasedWork,
    private readonly options: ProjectionLeaseOptions,
  ) {
    if (!Number.isInteger(options.ttlMs) || options.ttlMs < 30) throw new RangeError('ttlMs must be an integer of at least 30');
    this.clock = options.clock ?? (() => new Date());
  }

  get holdsLease(): boolean {
    return this.held;
  }

  start(): void {
    if (this.loop) return;
    const controller = new AbortController();
    this.controller = controller;
    this.loop = this.keep(controller.signal);
  }

  /** Stops projecting and releases the lease, so a standby takes over at once. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
    this.loop = null;
    await this.runner.stop();
    if (this.held) await this.readStore.releaseLease(this.runner.key, this.options.owner).catch(() => undefined);
    this.held = false;
  }

  private async keep(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const held = await this.tryAcquire();
      if (signal.aborted) break;
      if (held && !this.held) this.options.logger?.log(`Holding the lease of ${this.runner.key}; projecting`);
      if (!held && this.held) this.options.logger?.log(`Lost the lease of ${this.runner.key}; standing by`);
      this.held = held;
      if (held) this.runner.start();
      else await this.runner.stop();
      await sleep(Math.floor(this.options.ttlMs / 3), signal);
    }
  }

  /** A store that cannot be reached means the lease cannot be proven: stand by until it can. */
  private async tryAcquire(): Promise<boolean> {
    try {
      return await this.readStore.acquireLease(this.runner.key, this.options.owner, this.options.ttlMs, this.clock());
    } catch (error) {
      this.options.logger?.error(`Lease of ${this.runner.key} could not be renewed: ${(error as Error).message}`);
      return false;
    }
  }
}
