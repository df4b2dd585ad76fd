import { findUnsettledNameClaims, type RunnerLogger } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import type { CiNameRecoveryOutcome, CiNameRecoveryRunner } from '@itsm/write-path';
import { RepeatingPass } from './repeating-pass';

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
export class CiNameRecoverySweep extends RepeatingPass {
  constructor(
    private readonly reads: ReadStore,
    private readonly recovery: CiNameRecoveryRunner,
    private readonly options: CiNameRecoverySweepOptions,
  ) {
    super('ci_name_recovery', 'CI name recovery', Math.max(250, Math.min(Math.floor(options.graceMs / 2), 10_000)), options.logger);
  }

  protected async pass(): Promise<null> {
    await this.sweepOnce();
    return null;
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
}
