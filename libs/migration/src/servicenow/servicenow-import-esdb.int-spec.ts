import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EsdbEventStore, type EventStore } from '@itsm/event-store';
import { startEsdbDouble, type EsdbDouble } from '../../../../test/support/esdb-double';
// A real server keeps what earlier runs wrote: each run gets its own stream namespace (as the store's contract suite does).
import { namespacedEventStore } from '../../../event-store/src/esdb/testing/namespaced-event-store';
import { importServiceNowIncidents } from './servicenow-import';

/**
 * The importer on the other store pair: the same code through the EventStoreDB adapter, against the
 * wire-level double, and against a real server when EVENTSTORE_URL is set. The first 600 rows of the
 * sample, a run killed half way, then run again.
 */
jest.setTimeout(60_000);

const SAMPLE = path.resolve(__dirname, '../../../../test/fixtures/servicenow/incident-event-log-sample.csv');
const fast = { idleCheckpointMs: 20, reconnect: { initialDelayMs: 20, maxDelayMs: 200 } };

function importing(connect: () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>) {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-import-esdb-'));
    file = path.join(dir, 'slice.csv');
    fs.writeFileSync(file, fs.readFileSync(SAMPLE, 'utf8').split('\r\n').slice(0, 601).join('\r\n'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('imports every row once, killed half way and run again, and appends nothing on a third run', async () => {
    const { store, cleanup } = await connect();
    try {
      const instance = `esdb-${randomUUID().slice(0, 8)}`;
      const options = (into: EventStore) => ({ store: into, file, instance, timeZone: 'UTC', dateFormat: 'dd-mm-yyyy hh:mm' as const, importedBy: 'import:ines', clock: () => new Date(), inFlight: 4 });
      let appends = 0;
      const dying: EventStore = Object.create(store);
      dying.append = async (...args) => {
        if (++appends > 40) throw new Error('killed');
        return store.append(...args);
      };
      await expect(importServiceNowIncidents(options(dying))).rejects.toThrow('killed');
      const resumed = await importServiceNowIncidents(options(store));
      expect(resumed.skipped.total).toBe(0);
      expect(resumed.eventsAppended + resumed.versionsAlreadyImported).toBe(600);
      expect(resumed.versionsAlreadyImported).toBeGreaterThan(0);
      const again = await importServiceNowIncidents(options(store));
      expect(again).toMatchObject({ eventsAppended: 0, versionsAlreadyImported: 600 });
      const imported = (await store.readAll({ max: 5000 })).filter((event) => event.type === 'IncidentVersionImported');
      expect(imported).toHaveLength(600);
      expect(new Set(imported.map((event) => event.metadata.eventId)).size).toBe(600);
    } finally {
      await cleanup();
    }
  });
}

describe('importing ServiceNow history into the EventStoreDB double', () => {
  let double: EsdbDouble;
  beforeAll(async () => {
    double = await startEsdbDouble({ version: '24.10' });
  });
  afterAll(() => double.stop());

  importing(async () => {
    double.reset();
    const store = EsdbEventStore.connect({ connectionString: double.connectionString, ...fast });
    return { store, cleanup: () => store.close() };
  });
});

const realServer = process.env.EVENTSTORE_URL;
(realServer ? describe : describe.skip)('importing ServiceNow history into EventStoreDB at EVENTSTORE_URL', () => {
  importing(async () => {
    const store = EsdbEventStore.connect({ connectionString: realServer!, ...fast });
    return { store: await namespacedEventStore(store, `import-${randomUUID().slice(0, 8)}/`), cleanup: () => store.close() };
  });
});
