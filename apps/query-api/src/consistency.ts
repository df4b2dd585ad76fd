import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@itsm/config';
import { hasReached, isPosition, type EventStore } from '@itsm/event-store';
import { waitForPosition } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { APP_CONFIG, AppMetrics, EVENT_STORE, invalidField, ProblemException, READ_STORE } from '@itsm/platform';

/**
 * Read-your-writes for clients: a query with consistentWith=<position from a command> waits until
 * the projections it reads have passed that position, or answers 503 after the configured bound. A
 * position the log has not reached came from no command: it is refused at once (400), not waited for.
 */
@Injectable()
export class Consistency {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly metrics: AppMetrics,
  ) {}

  /** For answers read from the log itself (history): the position must be one the log has reached. */
  async check(consistentWith: string | undefined): Promise<void> {
    if (consistentWith === undefined) return;
    if (!isPosition(consistentWith)) throw invalidField('consistentWith', 'must be a position returned by the command API');
    const head = await this.events.headPosition();
    if (!hasReached(head, consistentWith)) {
      throw invalidField('consistentWith', `is beyond the end of the log (${head ?? 'no event yet'}): no command answered with it`);
    }
  }

  async await(projectionKeys: readonly string[], consistentWith: string | undefined): Promise<void> {
    if (consistentWith === undefined) return;
    await this.check(consistentWith);
    const started = performance.now();
    const reached = await waitForPosition(this.store, projectionKeys, consistentWith, { timeoutMs: this.config.consistencyTimeoutMs, pollMs: 10 });
    this.metrics.waitedForConsistency(reached, (performance.now() - started) / 1000);
    if (!reached) {
      throw notCaughtUp(consistentWith, this.config.consistencyTimeoutMs);
    }
  }
}

/** consistentWith not reached in time: the client may retry the same read shortly. */
export function notCaughtUp(consistentWith: string, timeoutMs: number): ProblemException {
  return new ProblemException(503, 'read_model.not_caught_up', `The read model has not reached position ${consistentWith} within ${timeoutMs} ms; retry shortly`, undefined, { 'retry-after': '1' });
}
