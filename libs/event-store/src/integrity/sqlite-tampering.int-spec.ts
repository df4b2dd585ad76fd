import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { aBusyLog, aSigningKey } from '../testing/sealed-log';
import { SqliteTampering } from '../testing/sqlite-tampering';
import { LOG_CHECKPOINTS_STREAM, type LogCheckpoint } from './checkpoint';
import { LogSealer } from './log-sealer';
import { verifyLog } from './log-verification';
import { verifyStream } from './stream-verification';

/**
 * Every kind of tampering someone with write access to events.sqlite can do, each planted in a
 * sealed log and each found by verification at the position where it was done.
 */
describe('tampering with the SQLite log is found, where it was done', () => {
  let dir: string;
  let filename: string;
  let key: ReturnType<typeof aSigningKey>;
  let kept: LogCheckpoint[];
  let tamper: SqliteTampering;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'itsm-tamper-'));
    filename = path.join(dir, 'events.sqlite');
    key = aSigningKey();
    const store = SqliteEventStore.open({ filename });
    // 60 facts over 6 streams (sequences 1–60, ticket-k at k+1, k+7, …), then sealed every 20 events.
    await aBusyLog(store, 6, 60);
    await new LogSealer(store, { ...key, everyEvents: 20, everyMs: 0, clock: () => new Date('2026-11-01T10:00:00Z') }).sealDue(true);
    // What an auditor downloaded before anyone tampered.
    kept = (await store.readStream(LOG_CHECKPOINTS_STREAM)).map((event) => event.data as unknown as LogCheckpoint);
    await store.close();
    tamper = new SqliteTampering(filename);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function verify(options: { withCopies?: boolean; stream?: string } = {}) {
    const store = SqliteEventStore.open({ filename });
    try {
      const keptCopies = options.withCopies ? kept : [];
      return options.stream ? await verifyStream(store, options.stream, { trusted: key.trusted, keptCopies }) : await verifyLog(store, { trusted: key.trusted, keptCopies });
    } finally {
      await store.close();
    }
  }
  const at = (sequence: number) => sequence.toString().padStart(20, '0');

  it('an untouched log verifies: every event, every checkpoint', async () => {
    expect(await verify()).toEqual({ ok: true, eventsChecked: 63, checkpointsChecked: 3, firstBreak: null });
  });

  it("an event's data edited: its hash no longer covers it", async () => {
    tamper.editData(20, (data) => ({ ...data, text: 'forged' }), { rechain: false });
    expect((await verify()).firstBreak).toMatchObject({ position: at(20), stream: 'ticket-1', revision: 3, reason: 'hash_mismatch' });
  });

  it('an event edited where a checkpoint ends is found by a range that starts at it, or ends at it', async () => {
    tamper.editData(20, (data) => ({ ...data, text: 'forged' }), { rechain: true });
    const store = SqliteEventStore.open({ filename });
    try {
      for (const [from, to] of [[at(20), at(20)], [at(20), at(25)], [at(15), at(20)]] as const) {
        expect({ from, to, found: (await verifyLog(store, { trusted: key.trusted, from, to })).firstBreak }).toMatchObject({ from, to, found: { position: at(20), reason: 'fingerprint_mismatch' } });
      }
    } finally {
      await store.close();
    }
  });

  it("an event's data edited and its stream's chain recomputed with the product's own hash: the checkpoint's fingerprint of it differs", async () => {
    tamper.editData(20, (data) => ({ ...data, text: 'forged' }), { rechain: true });
    expect((await verify()).firstBreak).toMatchObject({ position: at(20), stream: 'ticket-1', revision: 3, reason: 'fingerprint_mismatch' });
    expect((await verify({ stream: 'ticket-1' })).firstBreak).toMatchObject({ position: at(20), reason: 'fingerprint_mismatch' });
  });

  it('an event deleted from the middle of its stream', async () => {
    tamper.deleteEvent(20);
    expect((await verify()).firstBreak).toMatchObject({ position: at(20), reason: 'missing_event' });
    expect((await verify({ stream: 'ticket-1' })).firstBreak).toMatchObject({ position: at(26), stream: 'ticket-1', revision: 4, reason: 'revision_gap' });
  });

  it('a whole stream deleted', async () => {
    const [first] = tamper.sequencesOf('ticket-4');
    tamper.deleteStream('ticket-4');
    expect((await verify()).firstBreak).toMatchObject({ position: at(first!), reason: 'missing_event' });
  });

  it('events cut off the end of the log, checkpoints with them: found against the copies an auditor kept', async () => {
    tamper.cutAfter(45);
    // The log alone cannot show what it no longer has (ADR 16): the copies kept outside can.
    expect(await verify()).toMatchObject({ ok: true });
    expect((await verify({ withCopies: true })).firstBreak).toMatchObject({ position: at(46), reason: 'missing_event' });
  });

  it('two events swapped, each row keeping its place', async () => {
    tamper.swap(20, 33);
    expect((await verify()).firstBreak).toMatchObject({ position: at(20), reason: 'revision_gap' });
  });

  it("an event's actor changed", async () => {
    tamper.editMetadata(20, { actor: 'user:mallory' }, { rechain: false });
    expect((await verify()).firstBreak).toMatchObject({ position: at(20), reason: 'hash_mismatch' });
  });

  it("an event's time changed and the chain recomputed", async () => {
    tamper.editMetadata(20, { occurredAt: '2026-10-01T09:00:00.000Z' }, { rechain: true });
    expect((await verify()).firstBreak).toMatchObject({ position: at(20), reason: 'fingerprint_mismatch' });
  });

  it("the store's own recording time changed", async () => {
    tamper.editRecordedAt(20, '2020-01-01T00:00:00.000Z');
    expect((await verify()).firstBreak).toMatchObject({ position: at(20), reason: 'fingerprint_mismatch' });
  });

  it('a checkpoint deleted from the log', async () => {
    const [first, second] = tamper.sequencesOf(LOG_CHECKPOINTS_STREAM);
    tamper.deleteEvent(first!);
    // Where the gap shows: the checkpoint after it (a later checkpoint covering the deleted one's event would name its position).
    expect((await verify()).firstBreak).toMatchObject({ position: at(second!), stream: LOG_CHECKPOINTS_STREAM, reason: 'checkpoint_missing' });
  });

  it("a checkpoint's claim edited (its running hash), the signature left as it was", async () => {
    const [first] = tamper.sequencesOf(LOG_CHECKPOINTS_STREAM);
    tamper.editData(first!, (data) => ({ ...data, runningHash: 'f'.repeat(64) }), { rechain: true });
    expect((await verify()).firstBreak).toMatchObject({ position: at(first!), reason: 'checkpoint_signature_invalid' });
  });
});
