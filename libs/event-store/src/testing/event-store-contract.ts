import { EventStore } from '../event-store';
import { describeAppendContract } from './contract-append';
import { describeReadContract } from './contract-read';
import { describeSubscribeContract } from './contract-subscribe';

export interface OpenedEventStore {
  readonly store: EventStore;
  /** Closes the store and removes whatever `open` created. */
  cleanup(): Promise<void>;
}

/**
 * The semantics of the EventStore port, run against every adapter (memory, SQLite, later
 * EventStoreDB) so they cannot drift apart. Each test gets a fresh, empty store. Only behaviour
 * visible through the port is asserted, never an adapter's internals or timings.
 */
export function describeEventStoreContract(name: string, open: () => Promise<OpenedEventStore>): void {
  describe(`${name} (EventStore contract)`, () => {
    let opened: OpenedEventStore;
    const store = (): EventStore => opened.store;

    beforeEach(async () => {
      opened = await open();
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    describeAppendContract(store);
    describeReadContract(store);
    describeSubscribeContract(store);
  });
}
