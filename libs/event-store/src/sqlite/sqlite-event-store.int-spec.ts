import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../testing/event-store-contract';
import { describeUpcastingContract } from '../testing/contract-upcasting';
import { SqliteEventStore } from './sqlite-event-store';

describeEventStoreContract('SqliteEventStore', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'event-store-contract-'));
  // A nested directory proves open() creates missing directories.
  const store = SqliteEventStore.open({ filename: join(directory, 'data', 'events.sqlite'), pollIntervalMs: 10 });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
});

// ADR 25: the writer a `:memory:` store uses, held to the same contract on a file.
describeEventStoreContract('SqliteEventStore (writer on the event loop)', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'event-store-contract-loop-'));
  const store = SqliteEventStore.open({ filename: join(directory, 'events.sqlite'), pollIntervalMs: 10, writer: 'event-loop' });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
});

describeUpcastingContract('SqliteEventStore', async (schemas) => {
  const directory = mkdtempSync(join(tmpdir(), 'event-store-upcasting-'));
  const store = SqliteEventStore.open({ filename: join(directory, 'events.sqlite'), pollIntervalMs: 10, schemas });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
});
