import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@itsm/config';
import { isPosition } from '@itsm/event-store';
import { waitForPosition } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { APP_CONFIG, invalidField, ProblemException, READ_STORE } from '@itsm/platform';

/**
 * Read-your-writes for clients: a query with consistentWith=<position from a command> waits until
 * the projections it reads have passed that position, or answers 503 after the configured bound.
 */
@Injectable()
export class Consistency {
  constructor(
    @Inject(READ_STORE) private readonly store: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async await(projectionKeys: readonly string[], consistentWith: string | undefined): Promise<void> {
    if (consistentWith === undefined) return;
    if (!isPosition(consistentWith)) throw invalidField('consistentWith', 'must be a position returned by the command API');
    const reached = await waitForPosition(this.store, projectionKeys, consistentWith, { timeoutMs: this.config.consistencyTimeoutMs, pollMs: 10 });
    if (!reached) {
      throw new ProblemException(
        503,
        'read_model.not_caught_up',
        `The read model has not reached position ${consistentWith} within ${this.config.consistencyTimeoutMs} ms; retry shortly`,
        undefined,
        { 'retry-after': '1' },
      );
    }
  }
}
