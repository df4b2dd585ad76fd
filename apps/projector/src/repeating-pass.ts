import { sleep } from '@itsm/event-store';
import type { LeasedWork, RunnerLogger } from '@itsm/projections';

/**
 * A pass run every `intervalMs` until stopped, its last failure kept for /health: the loop of the
 * projector's leased reactions (CI name recovery, the SLA deadline watcher). A pass answers a
 * failure of its own (some of its work could not be done) or null; a pass that throws is logged and
 * tried again at the next interval.
 */
export abstract class RepeatingPass implements LeasedWork {
  private controller: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private failure: string | null = null;

  constructor(
    /** The lease's name. */
    readonly key: string,
    private readonly what: string,
    private readonly intervalMs: number,
    private readonly logger: RunnerLogger,
  ) {}

  /** One pass: a failure of its own to show on /health, or null. */
  protected abstract pass(): Promise<string | null>;

  status() {
    return { name: this.key, running: this.loop !== null, lastError: this.failure };
  }

  start(): void {
    if (this.loop) return;
    const controller = new AbortController();
    this.controller = controller;
    this.loop = this.repeatUntil(controller.signal).finally(() => {
      this.loop = null;
      this.controller = null;
    });
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
  }

  private async repeatUntil(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        this.failure = await this.pass();
      } catch (error) {
        this.failure = error instanceof Error ? error.message : String(error);
        this.logger.error(`${this.what} failed, trying again: ${this.failure}`, error instanceof Error ? error.stack : undefined);
      }
      await sleep(this.intervalMs, signal);
    }
  }
}
