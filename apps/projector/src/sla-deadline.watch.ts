import { findSlaFactsOwed, type RunnerLogger } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import type { SlaDeadlineOutcome, SlaDeadlineRecorder } from '@itsm/write-path';
import { RepeatingPass } from './repeating-pass';

export interface SlaDeadlineWatchOptions {
  /** How often it looks for deadlines passed. */
  readonly intervalMs: number;
  readonly clock: () => Date;
  readonly logger: RunnerLogger;
}

type WatchOutcome = SlaDeadlineOutcome | { readonly kind: 'failed'; readonly reason: string };

/** Clocks looked at per pass; the rest wait for the next one, the longest owed first. */
const BATCH = 200;

/**
 * The deadline watcher (issue 11): every few seconds, the clocks whose at-risk mark or deadline has
 * passed without its fact (the sla_clocks read model says which) are handed to the recorder, which
 * decides from the incident's own stream and appends SlaAtRisk or SlaBreached. Runs under a lease, so
 * one projector watches at a time; a second, or a restart, records nothing twice (the decider drops a
 * fact already in the stream, and the append is pinned to the revision it was decided on).
 */
export class SlaDeadlineWatch extends RepeatingPass {
  constructor(
    private readonly reads: ReadStore,
    private readonly recorder: SlaDeadlineRecorder,
    private readonly options: SlaDeadlineWatchOptions,
  ) {
    super('sla_deadline_watcher', 'SLA deadline watch', options.intervalMs, options.logger);
  }

  /**
   * One pass over the clocks owing a fact now; answers what was done per incident acted on. One
   * incident that cannot be recorded (its stream fails the integrity check, say) is reported and
   * passed over: it must not keep the deadlines of every other incident from being recorded.
   */
  async watchOnce(): Promise<Map<string, WatchOutcome>> {
    const now = this.options.clock();
    const done = new Map<string, WatchOutcome>();
    for (const { incidentId } of await findSlaFactsOwed(this.reads, now.toISOString(), BATCH)) {
      if (done.has(incidentId)) continue;
      try {
        const outcome = await this.recorder.record(incidentId, now);
        done.set(incidentId, outcome);
        if (outcome.kind === 'recorded' && outcome.types.length > 0) this.options.logger.log(`SLA deadlines: ${incidentId} ${outcome.types.join(', ')}`);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        done.set(incidentId, { kind: 'failed', reason });
        this.options.logger.error(`SLA deadlines of ${incidentId} not recorded: ${reason}`, error instanceof Error ? error.stack : undefined);
      }
    }
    return done;
  }

  /** A pass, and what /health shows of it until a pass records every deadline it owes. */
  protected async pass(): Promise<string | null> {
    const failed = [...(await this.watchOnce())].flatMap(([incidentId, outcome]) => (outcome.kind === 'failed' ? [`${incidentId}: ${outcome.reason}`] : []));
    return failed.length === 0 ? null : `SLA deadlines not recorded for ${failed.length} incident(s): ${failed.slice(0, 3).join('; ')}`;
  }
}
