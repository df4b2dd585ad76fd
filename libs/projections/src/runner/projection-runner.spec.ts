import type { EventStore, SubscribeOptions, SubscriptionMessage } from '@itsm/event-store';
import { MemoryReadStore } from '@itsm/read-store';
import { incidentDetailProjection } from '../incident-detail/incident-detail-projection';
import { incidentHistory } from '../testing/incident-history';
import { eventually, observed } from '../testing/runner-harness';
import { TestEventLog } from '../testing/test-event-log';
import { ProjectionRunner } from './projection-runner';

const at = (n: number): string => String(n).padStart(20, '0');

/** Plays a fixed script of subscription messages, then waits until the runner stops. */
function scriptedStore(script: readonly SubscriptionMessage[]): { store: EventStore; subscriptions: SubscribeOptions[] } {
  const subscriptions: SubscribeOptions[] = [];
  async function* play(options: SubscribeOptions): AsyncGenerator<SubscriptionMessage> {
    yield* script;
    await new Promise<void>((resolve) => options.signal?.addEventListener('abort', () => resolve(), { once: true }));
  }
  const store = {
    subscribe: (options: SubscribeOptions = {}) => {
      subscriptions.push(options);
      return play(options);
    },
  } as unknown as EventStore;
  return { store, subscriptions };
}

describe('ProjectionRunner batching', () => {
  it('moves the checkpoint on a checkpoint message without events, and writes nothing when it did not move', async () => {
    const log = new TestEventLog();
    for (let i = 0; i < 6; i++) log.record('change-1', { type: 'ChangeRequested', data: {} });
    const opened = incidentHistory(log, 'INC1').opened();
    const { store, subscriptions } = scriptedStore([
      { kind: 'checkpoint', position: at(5), caughtUp: false },
      { kind: 'checkpoint', position: at(5), caughtUp: false },
      { kind: 'event', event: opened },
      { kind: 'checkpoint', position: at(9), caughtUp: true },
    ]);
    const reads = observed(new MemoryReadStore());
    const runner = new ProjectionRunner(store, reads.store, incidentDetailProjection);
    runner.start();
    await eventually('the script to play', () => runner.status().caughtUp);
    await runner.stop();

    expect(subscriptions[0]).toMatchObject({ after: null, filter: { streamPrefixes: ['incident-'] } });
    expect(reads.batches).toEqual([
      { projection: runner.key, documents: 0, checkpoint: at(5) },
      { projection: runner.key, documents: 1, checkpoint: at(9) },
    ]);
    expect(runner.status()).toMatchObject({ checkpoint: at(9), running: false });
  });
});
