import {
  clearIntegrityAlarm,
  LogSealer,
  raiseIntegrityAlarm,
  sleep,
  verifyLog,
  type EventStore,
  type IntegrityBreak,
  type LogCheckpoint,
  type TrustedKeys,
  type VerifyReport,
} from '@itsm/event-store';
import type { LeasedWork, RunnerLogger } from '@itsm/projections';

export interface LogIntegrityWatchOptions {
  readonly sealer: LogSealer;
  readonly trusted: TrustedKeys;
  /** The checkpoints kept outside the log (the read model's copies), for whole-log verification. */
  readonly keptCopies: () => Promise<LogCheckpoint[]>;
  readonly checkpointEveryMs: number;
  readonly fullVerifyEveryMs: number;
  readonly clock: () => Date;
  readonly logger: RunnerLogger;
}

const DETECTED_BY = 'system:log-verifier';

/**
 * The background verifier (ADR 16), under a lease: checks every new event as it passes and signs
 * checkpoints over what it checked; verifies the whole log against the checkpoints at start and
 * then every `fullVerifyEveryMs`. A break raises the integrity alarm, which degrades /health on every
 * app, and sealing stops there: nothing past a break is ever signed. A whole-log verification that
 * passes clears a raised alarm (the log was restored).
 */
export class LogIntegrityWatch implements LeasedWork {
  readonly key = 'log_integrity';
  private controller: AbortController | null = null;
  private loops: Promise<void> | null = null;
  private firstBreak: IntegrityBreak | null = null;
  private lastFullVerification: (VerifyReport & { readonly at: string }) | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly events: EventStore,
    private readonly options: LogIntegrityWatchOptions,
  ) {}

  start(): void {
    if (this.loops) return;
    const controller = new AbortController();
    this.controller = controller;
    this.loops = Promise.all([this.sealUntil(controller.signal), this.verifyUntil(controller.signal)]).then(() => {
      this.loops = null;
      this.controller = null;
    });
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loops;
  }

  status() {
    return { name: this.key, running: this.loops !== null, ...this.options.sealer.progress, firstBreak: this.firstBreak, lastFullVerification: this.lastFullVerification, lastError: this.lastError };
  }

  /** One round of sealing: what is new is checked, and the checkpoints due are signed. */
  async sealOnce(force = false): Promise<void> {
    const outcome = await this.options.sealer.sealDue(force);
    if (outcome.firstBreak !== null) await this.raise(outcome.firstBreak);
  }

  /** The whole log against every checkpoint, the log's own and the kept copies. */
  async verifyOnce(): Promise<VerifyReport> {
    const report = await verifyLog(this.events, { trusted: this.options.trusted, keptCopies: await this.options.keptCopies() });
    this.lastFullVerification = { ...report, at: this.options.clock().toISOString() };
    if (report.firstBreak !== null) await this.raise(report.firstBreak);
    else if (this.firstBreak === null) await clearIntegrityAlarm(this.events, report, DETECTED_BY, this.options.clock());
    this.options.logger.log(`Log verification: ${report.ok ? 'intact' : `BROKEN at ${report.firstBreak?.position}`}, ${report.eventsChecked} events, ${report.checkpointsChecked} checkpoints`);
    return report;
  }

  private async raise(found: IntegrityBreak): Promise<void> {
    if (this.firstBreak === null || found.position < this.firstBreak.position) {
      this.firstBreak = found;
      this.options.logger.error(`INTEGRITY ALARM: ${found.detail} at position ${found.position}${found.stream ? ` (${found.stream} revision ${found.revision})` : ''}`);
    }
    await raiseIntegrityAlarm(this.events, this.firstBreak, DETECTED_BY, this.options.clock());
  }

  private async sealUntil(signal: AbortSignal): Promise<void> {
    const pauseMs = Math.max(50, Math.min(1000, this.options.checkpointEveryMs));
    while (!signal.aborted) {
      // Once broken, nothing more is signed until a verification of the whole log passes.
      if (this.firstBreak === null) await this.attempt('sealing', () => this.sealOnce());
      await sleep(pauseMs, signal);
    }
  }

  private async verifyUntil(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.attempt('verification', async () => {
        const wasBroken = this.firstBreak !== null;
        this.firstBreak = null;
        const report = await this.verifyOnce();
        // A log restored to what was signed: sealing resumes from its last checkpoint.
        if (wasBroken && report.ok) this.options.sealer.reset();
      });
      await sleep(this.options.fullVerifyEveryMs, signal);
    }
  }

  private async attempt(what: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
      this.lastError = null;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      this.options.logger.error(`Log ${what} failed, trying again: ${this.lastError}`, error instanceof Error ? error.stack : undefined);
    }
  }
}
