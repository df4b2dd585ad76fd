import { randomUUID } from 'node:crypto';
import { startEsdbDouble, type EsdbDouble } from '../../../../test/support/esdb-double';
import { hashEvent } from '../envelope';
import type { EventStore, Json, RecordedEvent } from '../event-store';
import { LOG_CHECKPOINTS_STREAM, type LogCheckpoint } from '../integrity/checkpoint';
import { LogSealer } from '../integrity/log-sealer';
import { verifyLog } from '../integrity/log-verification';
import { verifyStream } from '../integrity/stream-verification';
import { aBusyLog, aSigningKey } from '../testing/sealed-log';
import { EsdbEventStore } from './esdb-event-store';
import { parseEsdbPosition } from './esdb-position';
import { namespacedEventStore } from './testing/namespaced-event-store';

/**
 * Tamper evidence over EventStoreDB: the projector's sealer signs checkpoints through the adapter
 * into log-checkpoints, and verification reads them back through it. Against the double, tampering
 * is planted in the server's records (what someone with its files could do; no client request
 * can) and found where it was done; against a real server (EVENTSTORE_URL) a sealed log verifies.
 */
jest.setTimeout(30_000);

const fast = { idleCheckpointMs: 20, reconnect: { initialDelayMs: 20, maxDelayMs: 200 } };
const sealedAt = () => new Date('2026-11-01T10:00:00Z');

/** 60 facts over 6 streams (log[0..59], ticket-k at log[k], log[k+6], …), sealed every 20: checkpoints at log[60..62]. */
async function aSealedLog(store: EventStore, key: ReturnType<typeof aSigningKey>) {
  await aBusyLog(store, 6, 60);
  expect(await new LogSealer(store, { ...key, everyEvents: 20, everyMs: 0, clock: sealedAt }).sealDue(true)).toEqual({ sealed: 3, firstBreak: null });
  const kept = (await store.readStream(LOG_CHECKPOINTS_STREAM)).map((event) => event.data as unknown as LogCheckpoint);
  return { log: await store.readAll(), kept };
}

function sealingAndVerifying(connect: () => Promise<{ store: EventStore; cleanup: () => Promise<void> }>) {
  let store: EventStore;
  let cleanup: () => Promise<void>;
  let key: ReturnType<typeof aSigningKey>;
  let log: RecordedEvent[];

  beforeEach(async () => {
    ({ store, cleanup } = await connect());
    key = aSigningKey();
    ({ log } = await aSealedLog(store, key));
  });
  afterEach(() => cleanup());

  it('signs checkpoints through the adapter into log-checkpoints, and the whole log and each stream verify', async () => {
    const checkpoints = await store.readStream(LOG_CHECKPOINTS_STREAM);
    expect(checkpoints.map((event) => event.position)).toEqual([log[60]!.position, log[61]!.position, log[62]!.position]);
    expect(checkpoints.map((event) => (event.data as unknown as LogCheckpoint).position)).toEqual([log[19]!.position, log[39]!.position, log[59]!.position]);
    expect(await verifyLog(store, { trusted: key.trusted })).toEqual({ ok: true, eventsChecked: 63, checkpointsChecked: 3, firstBreak: null });
    expect(await verifyStream(store, 'ticket-1', { trusted: key.trusted })).toEqual({ ok: true, eventsChecked: 10, checkpointsChecked: 3, firstBreak: null });
    // From log[45] to log[59], both included: 15 events counted (the lead-in from checkpoint 2 is checked, not counted).
    expect(await verifyLog(store, { trusted: key.trusted, from: log[45]!.position, to: log[59]!.position })).toEqual({ ok: true, eventsChecked: 15, checkpointsChecked: 1, firstBreak: null });
  });

  it('a new sealer resumes from the last checkpoint in the log, and what it signs verifies', async () => {
    await aBusyLog(store, 2, 5);
    expect(await new LogSealer(store, { ...key, everyEvents: 20, everyMs: 0, clock: sealedAt }).sealDue(true)).toEqual({ sealed: 1, firstBreak: null });
    const [fourth] = await store.readStream(LOG_CHECKPOINTS_STREAM, { direction: 'backwards', max: 1 });
    expect(fourth!.data).toMatchObject({ sequence: 4, fromPosition: log[59]!.position, eventCount: 68 });
    expect(await verifyLog(store, { trusted: key.trusted })).toEqual({ ok: true, eventsChecked: 69, checkpointsChecked: 4, firstBreak: null });
  });
}

describe('tamper evidence over the EventStoreDB double', () => {
  let double: EsdbDouble;
  beforeAll(async () => {
    double = await startEsdbDouble({ version: '24.10' });
  });
  afterAll(() => double.stop());

  const connect = async () => {
    double.reset();
    const store = EsdbEventStore.connect({ connectionString: double.connectionString, ...fast });
    return { store, cleanup: () => store.close() };
  };

  describe('a sound log', () => sealingAndVerifying(connect));

  describe('tampering planted in the server’s records is found where it was done', () => {
    let store: EventStore;
    let key: ReturnType<typeof aSigningKey>;
    let log: RecordedEvent[];
    let kept: LogCheckpoint[];

    beforeEach(async () => {
      ({ store } = await connect());
      key = aSigningKey();
      ({ log, kept } = await aSealedLog(store, key));
    });
    afterEach(() => store.close());

    const commitOf = (event: RecordedEvent) => parseEsdbPosition(event.position).commit;
    const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    const verify = (options: { withCopies?: boolean } = {}) => verifyLog(store, { trusted: key.trusted, keptCopies: options.withCopies ? kept : [] });
    /** log[19] is ticket-1 revision 3. */
    const edited = () => log[19]!;

    /** Edits the data of `stream`'s event at `revision` and recomputes its chain from there, as a careful forger would. */
    async function forge(stream: string, revision: number, edit: (data: Record<string, Json>) => Record<string, Json>): Promise<void> {
      const events = await store.readStream(stream);
      let prevHash = events[revision - 1]?.metadata.hash ?? null;
      for (const event of events.slice(revision)) {
        const data = (event.revision === revision ? edit(event.data as Record<string, Json>) : event.data) as Json;
        const { hash: _stale, ...unsealed } = { ...event.metadata, prevHash };
        const hash = hashEvent(event.stream, event.type, data, unsealed);
        double.tamper(commitOf(event), (record) => ({ ...record, data: bytes(data), metadata: bytes({ ...unsealed, hash }) }));
        prevHash = hash;
      }
    }

    it("an event's data edited: its hash no longer covers it", async () => {
      double.tamper(commitOf(edited()), (record) => ({ ...record, data: bytes({ ...(edited().data as object), text: 'forged' }) }));
      expect((await verify()).firstBreak).toMatchObject({ position: edited().position, stream: 'ticket-1', revision: 3, reason: 'hash_mismatch' });
    });

    it("an event's data edited and its stream's chain recomputed with the product's own hash: the checkpoint's fingerprint of it differs", async () => {
      await forge('ticket-1', 3, (data) => ({ ...data, text: 'forged' }));
      expect((await verify()).firstBreak).toMatchObject({ position: edited().position, stream: 'ticket-1', revision: 3, reason: 'fingerprint_mismatch' });
      expect((await verifyStream(store, 'ticket-1', { trusted: key.trusted })).firstBreak).toMatchObject({ position: edited().position, reason: 'fingerprint_mismatch' });
    });

    it('an event deleted from the middle of its stream', async () => {
      double.tamper(commitOf(edited()), () => null);
      expect((await verify()).firstBreak).toMatchObject({ position: edited().position, reason: 'missing_event' });
      // The stream's next event, ticket-1 revision 4, is log[25].
      expect((await verifyStream(store, 'ticket-1', { trusted: key.trusted })).firstBreak).toMatchObject({ position: log[25]!.position, stream: 'ticket-1', revision: 4, reason: 'revision_gap' });
    });

    it('the end of the log cut off, checkpoints with it: found against the copies an auditor kept', async () => {
      for (const event of log.slice(45)) double.tamper(commitOf(event), () => null);
      expect(await verify()).toMatchObject({ ok: true, eventsChecked: 45 });
      expect((await verify({ withCopies: true })).firstBreak).toMatchObject({ position: log[45]!.position, reason: 'missing_event' });
    });

    it("a checkpoint's claim edited (its running hash) and the chain recomputed, its signature left as it was", async () => {
      await forge(LOG_CHECKPOINTS_STREAM, 0, (data) => ({ ...data, runningHash: 'f'.repeat(64) }));
      expect((await verify()).firstBreak).toMatchObject({ position: log[60]!.position, stream: LOG_CHECKPOINTS_STREAM, revision: 0, reason: 'checkpoint_signature_invalid' });
    });
  });
});

// A real server keeps what earlier runs wrote: each test gets its own stream namespace and log (see namespacedEventStore).
const realServer = process.env.EVENTSTORE_URL;
(realServer ? describe : describe.skip)('tamper evidence over EventStoreDB at EVENTSTORE_URL (a sound log; its records cannot be tampered with from here)', () => {
  sealingAndVerifying(async () => {
    const store = EsdbEventStore.connect({ connectionString: realServer as string, ...fast });
    return { store: await namespacedEventStore(store, `integrity-${randomUUID().slice(0, 8)}/`), cleanup: () => store.close() };
  });
});
