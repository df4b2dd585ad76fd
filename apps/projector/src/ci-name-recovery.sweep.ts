import { sleep } from '@itsm/event-store';
import { findUnsettledNameClaims, type LeasedWork, type RunnerLogger } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import type { CiNameRecoveryOutcome, CiNameRecoveryRunner } from '@itsm/write-path';

export interface CiNameRecoverySweepOptions {
  /** A name must have been unsettled this long before recovery looks at it. */
  readonly graceMs: number;
  readonly clock: () => Date;
  readonly logger: RunnerLogger;
}

/** Names looked at per sweep; the rest wait for the next one. */
const BATCH = 100;

/**
 * The reaction that repairs CI names after a crash (ADR 12): every few seconds, the names held
 * longer than the grace period by a CI not known to carry them (the ci_name_claims read model)
 * are handed to recovery, which reads the truth from the log and finishes or undoes the command.
 * Runs under a lease, so one projector sweeps at a time; a second would change nothing anyway.
 */
export class CiNameRecoverySweep implements LeasedWork {
  readonly key = 'ci_name_recovery';
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private lastError: string | null = null;
  private readonly intervalMs: number;

  constructor(
    private readonly reads: ReadStore,
    private readonly recovery: CiNameRecoveryRunner,
    private readonly options: CiNameRecoverySweepOptions,
  ) {
    this.intervalMs = Math.max(250, Math.min(Math.floor(options.graceMs / 2), 10_000));
  }

  start(): void {
    if (this.loop) return;
    const controller = new AbortController();
    this.controller = controller;
    this.loop = this.sweepUntil(controller.signal).finally(() => {
      this.loop = null;
      this.controller = null;
    });
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
  }

  status() {
    return { name: this.key, running: this.loop !== null, lastError: this.lastError };
  }

  /** One pass over the names that are due; answers what was done to each name acted on. */
  async sweepOnce(): Promise<Map<string, CiNameRecoveryOutcome>> {
    const now = this.options.clock();
    const due = now.getTime() - this.options.graceMs;
    const done = new Map<string, CiNameRecoveryOutcome>();
    for (const claim of await findUnsettledNameClaims(this.reads, BATCH)) {
      if (Date.parse(claim.since) > due) break;
      const outcome = await this.recovery.recover(claim.id, now);
      if (outcome === 'none') continue;
      done.set(claim.id, outcome);
      this.options.logger.log(`CI name recovery: "${claim.id}" held by ${claim.holder ?? 'nobody'} since ${claim.since}: ${outcome}`);
    }
    return done;
  }

  private async sweepUntil(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.sweepOnce();
        this.lastError = null;
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.logger.error(`CI name recovery failed, trying again: ${this.lastError}`, error instanceof Error ? error.stack : undefined);
      }
      await sleep(this.intervalMs, signal);
    }
  }
}
