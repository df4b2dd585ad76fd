import { EventStore } from '../event-store';
import { describeAppendContract } from './contract-append';
import { describeReadContract } from './contract-read';
import { describeSubscribeContract } from './contract-subscribe';

export interface OpenedEventStore {
  readonly store: EventStore;
  /** Closes the store and removes whatever `open` created. */
  cleanup(): Promise<void>;
}

/** What an adapter cannot offer on its backend, told to the suite so it skips (visibly) what does not apply. */
export interface EventStoreCapabilities {
  /**
   * Event ids are known across streams, so reusing one in another stream is a DuplicateEventIdError.
   * Default true; EventStoreDB has no index of ids across streams (only per stream).
   */
  readonly eventIdsAcrossStreams?: boolean;
}

/**
 * The semantics of the EventStore port, run against every adapter (memory, SQLite, later
 * EventStoreDB) so they cannot drift apart. Each test gets a fresh, empty store. Only behaviour
 * visible through the port is asserted, never an adapter's internals or timings.
 */
export function describeEventStoreContract(
  name: string,
  open: () => Promise<OpenedEventStore>,
  capabilities: EventStoreCapabilities = {},
): void {
  describe(`${name} (EventStore contract)`, () => {
    let opened: OpenedEventStore;
    const store = (): EventStore => opened.store;

    beforeEach(async () => {
      opened = await open();
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    describeAppendContract(store, { eventIdsAcrossStreams: capabilities.eventIdsAcrossStreams ?? true });
    describeReadContract(store);
    describeSubscribeContract(store);
  });
}
