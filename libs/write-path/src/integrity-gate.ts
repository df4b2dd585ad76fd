import { ChainBrokenError, integrityStatus, type EventStore, type IntegrityStatus } from '@itsm/event-store/port';

/**
 * Refuses commands on a stream the raised integrity alarm names. A stream whose chain was
 * recomputed after an edit still chains, so its own load cannot tell; the verifier, comparing it
 * with the signed checkpoints, can, and once it has said so nothing more is recorded on top of it.
 * The alarm is read at most once per `maxAgeMs`, so a busy command path pays one read a second.
 */
export class IntegrityGate {
  private known: { readonly status: IntegrityStatus; readonly atMs: number } | null = null;
  private reading: Promise<IntegrityStatus> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly maxAgeMs = 1000,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async assertIntact(stream: string): Promise<void> {
    const status = await this.status();
    if (status.state === 'broken' && status.firstBreak.stream === stream) throw new ChainBrokenError(status.firstBreak);
  }

  private async status(): Promise<IntegrityStatus> {
    if (this.known !== null && this.nowMs() - this.known.atMs < this.maxAgeMs) return this.known.status;
    // Concurrent commands share one read.
    this.reading ??= integrityStatus(this.store).finally(() => (this.reading = null));
    const status = await this.reading;
    this.known = { status, atMs: this.nowMs() };
    return status;
  }
}
