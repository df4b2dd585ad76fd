import { sleep } from '@itsm/event-store';
import { findSlaFactsOwed, type LeasedWork, type RunnerLogger } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import type { SlaDeadlineOutcome, SlaDeadlineRecorder } from '@itsm/write-path';

export interface SlaDeadlineWatchOptions {
  /** How often it looks for deadlines passed. */
  readonly intervalMs: number;
  readonly clock: () => Date;
  readonly logger: RunnerLogger;
}

/** Clocks looked at per pass; the rest wait for the next one, the longest owed first. */
const BATCH = 200;

/**
 * The deadline watcher (issue 11): every few seconds, the clocks whose at-risk mark or deadline has
 * passed without its fact (the sla_clocks read model says which) are handed to the recorder, which
 * decides from the incident's own stream and appends SlaAtRisk or SlaBreached. Runs under a lease, so
 * one projector watches at a time; a second, or a restart, records nothing twice (the decider drops a
 * fact already in the stream, and the append is pinned to the revision it was decided on).
 */
export class SlaDeadlineWatch implements LeasedWork {
  readonly key = 'sla_deadline_watcher';
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly reads: ReadStore,
    private readonly recorder: SlaDeadlineRecorder,
    private readonly options: SlaDeadlineWatchOptions,
  ) {}

  start(): void {
    if (this.loop) return;
    const controller = new AbortController();
    this.controller = controller;
    this.loop = this.watchUntil(controller.signal).finally(() => {
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

  /** One pass over the clocks owing a fact now; answers what was done per incident acted on. */
  async watchOnce(): Promise<Map<string, SlaDeadlineOutcome>> {
    const now = this.options.clock();
    const done = new Map<string, SlaDeadlineOutcome>();
    for (const { incidentId } of await findSlaFactsOwed(this.reads, now.toISOString(), BATCH)) {
      if (done.has(incidentId)) continue;
      const outcome = await this.recorder.record(incidentId, now);
      done.set(incidentId, outcome);
      if (outcome.kind === 'recorded' && outcome.types.length > 0) this.options.logger.log(`SLA deadlines: ${incidentId} ${outcome.types.join(', ')}`);
    }
    return done;
  }

  private async watchUntil(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.watchOnce();
        this.lastError = null;
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.logger.error(`SLA deadline watch failed, trying again: ${this.lastError}`, error instanceof Error ? error.stack : undefined);
      }
      await sleep(this.options.intervalMs, signal);
    }
  }
}
