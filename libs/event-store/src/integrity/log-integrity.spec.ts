import { generateKeyPairSync } from 'node:crypto';
import { MemoryEventStore } from '../memory/memory-event-store';
import { aBusyLog, appendSealed, aSigningKey } from '../testing/sealed-log';
import { LOG_CHECKPOINTS_STREAM, type LogCheckpoint } from './checkpoint';
import { checkpointSigner, signatureStatus, trustedKeys } from './checkpoint-signing';
import { LogSealer } from './log-sealer';
import { verifyLog } from './log-verification';
import { verifyStream } from './stream-verification';

const at = (iso: string) => () => new Date(iso);

async function checkpointsOf(store: MemoryEventStore): Promise<LogCheckpoint[]> {
  return (await store.readStream(LOG_CHECKPOINTS_STREAM)).map((event) => event.data as unknown as LogCheckpoint);
}

describe('sealing the log with signed checkpoints', () => {
  it('signs a checkpoint every N events, each starting where the previous one ended', async () => {
    const store = new MemoryEventStore();
    const { signer, trusted } = aSigningKey();
    await aBusyLog(store, 3, 25);
    const sealer = new LogSealer(store, { signer, trusted, everyEvents: 10, everyMs: 60_000, clock: at('2026-11-01T10:00:00Z') });

    expect(await sealer.sealDue()).toEqual({ sealed: 2, firstBreak: null });

    const [first, second] = await checkpointsOf(store);
    expect(first).toMatchObject({ sequence: 1, fromPosition: null, eventCount: 10, keyId: signer.keyId, algorithm: 'Ed25519' });
    expect(first?.entries).toHaveLength(10);
    expect(second).toMatchObject({ sequence: 2, fromPosition: first?.position, eventCount: 20 });
    expect(signatureStatus(first as LogCheckpoint, trusted)).toBe('valid');
  });

  it('signs what is pending once the interval has passed, but never checkpoints that would only seal checkpoints', async () => {
    const store = new MemoryEventStore();
    const { signer, trusted } = aSigningKey();
    let now = new Date('2026-11-01T10:00:00Z');
    const sealer = new LogSealer(store, { signer, trusted, everyEvents: 1000, everyMs: 60_000, clock: () => now });
    await aBusyLog(store, 2, 3);

    expect((await sealer.sealDue()).sealed).toBe(1);
    now = new Date('2026-11-01T10:05:00Z');
    // Only the checkpoint itself is new: sealing it would start a checkpoint per interval forever.
    expect((await sealer.sealDue()).sealed).toBe(0);
    await aBusyLog(store, 2, 1);
    expect((await sealer.sealDue()).sealed).toBe(1);

    const [, second] = await checkpointsOf(store);
    // The second covers the first checkpoint's event and the new fact.
    expect(second).toMatchObject({ sequence: 2, eventCount: 5 });
    expect(second?.entries).toHaveLength(2);
  });

  it('signs nothing past an event whose hash does not cover its content, and says where it is', async () => {
    const store = new MemoryEventStore();
    const { signer, trusted } = aSigningKey();
    await aBusyLog(store, 2, 4);
    const [honest] = await store.readStream('ticket-0', { from: 1, max: 1 });
    // Stores do not check hashes: a forged event with a stale hash can be appended by anyone with write access.
    await store.append('ticket-0', [{ ...honest!, data: { text: 'forged' } }].map(({ type, data, metadata }) => ({ type, data, metadata: { ...metadata, eventId: 'forged', prevHash: honest!.metadata.hash } })), 1);
    const [forged] = await store.readStream('ticket-0', { from: 2 });
    const sealer = new LogSealer(store, { signer, trusted, everyEvents: 2, everyMs: 0, clock: at('2026-11-01T10:00:00Z') });

    const outcome = await sealer.sealDue(true);

    expect(outcome.firstBreak).toMatchObject({ position: forged?.position, stream: 'ticket-0', revision: 2, reason: 'hash_mismatch' });
    expect((await checkpointsOf(store)).every((checkpoint) => checkpoint.position < (forged?.position ?? ''))).toBe(true);
  });

  it('two sealers racing sign each checkpoint once, and the log still verifies', async () => {
    const store = new MemoryEventStore();
    const { signer, trusted } = aSigningKey();
    await aBusyLog(store, 3, 30);
    const options = { signer, trusted, everyEvents: 7, everyMs: 60_000, clock: at('2026-11-01T10:00:00Z') };
    const [a, b] = [new LogSealer(store, options), new LogSealer(store, { ...options, clock: at('2026-11-01T10:00:01Z') })];

    await Promise.all([a.sealDue(), b.sealDue()]);
    await Promise.all([a.sealDue(true), b.sealDue(true)]);

    const sequences = (await checkpointsOf(store)).map((checkpoint) => checkpoint.sequence);
    expect(sequences).toEqual(sequences.map((_, index) => index + 1));
    expect(await verifyLog(store, { trusted })).toMatchObject({ ok: true, firstBreak: null });
  });
});

describe('verifying the log', () => {
  async function sealedLog(events = 40, everyEvents = 10) {
    const store = new MemoryEventStore();
    const key = aSigningKey();
    await aBusyLog(store, 4, events);
    await new LogSealer(store, { ...key, everyEvents, everyMs: 0, clock: at('2026-11-01T10:00:00Z') }).sealDue(true);
    return { store, ...key };
  }

  it('passes an intact log, counting every event and every checkpoint', async () => {
    const { store, trusted } = await sealedLog();
    const total = (await store.readAll()).length;

    expect(await verifyLog(store, { trusted })).toEqual({ ok: true, eventsChecked: total, checkpointsChecked: 4, firstBreak: null });
  });

  it('checks the events after the last checkpoint by their chains, and counts them', async () => {
    const { store, trusted } = await sealedLog();
    await appendSealed(store, 'ticket-9', [{ type: 'TicketNoted', data: { text: 'after the seal' } }]);
    const total = (await store.readAll()).length;

    expect(await verifyLog(store, { trusted })).toMatchObject({ ok: true, eventsChecked: total, checkpointsChecked: 4 });
  });

  it('refuses checkpoints signed by a key it does not trust', async () => {
    const { store } = await sealedLog();
    const stranger = trustedKeys([checkpointSigner(generateKeyPairSync('ed25519').privateKey).publicKey]);
    const [first] = await store.readStream(LOG_CHECKPOINTS_STREAM);

    expect((await verifyLog(store, { trusted: stranger })).firstBreak).toMatchObject({ reason: 'checkpoint_untrusted_key', position: first?.position });
  });

  it('reports a kept copy that differs from the checkpoint in the log', async () => {
    const { store, trusted, signer } = await sealedLog();
    const [, second] = await checkpointsOf(store);
    const { signature: _, keyId: _k, algorithm: _a, ...fields } = second as LogCheckpoint;
    const resigned = signer.sign({ ...fields, signedAt: '2026-11-02T00:00:00.000Z' });
    const [, secondEvent] = await store.readStream(LOG_CHECKPOINTS_STREAM);

    expect((await verifyLog(store, { trusted, keptCopies: [resigned] })).firstBreak).toMatchObject({ reason: 'checkpoint_differs_from_copy', position: secondEvent?.position });
  });

  it('verifies a range from its first event, included, starting at the checkpoint before it, up to its end', async () => {
    const { store, trusted } = await sealedLog();
    const [first, second, third] = await checkpointsOf(store);

    const report = await verifyLog(store, { trusted, from: second?.position ?? null, to: third?.position ?? null });

    expect(report).toMatchObject({ ok: true, checkpointsChecked: 2 });
    // `from` is the second checkpoint's last event: the walk starts after the first checkpoint, the one
    // before it, and counts the range only: that event, then the third checkpoint's.
    expect(report.eventsChecked).toBe(third!.eventCount - second!.eventCount + 1);
    expect(first!.position < second!.position).toBe(true);
  });

  it('verifies one stream by its chain and by the checkpoints that cover its events', async () => {
    const { store, trusted } = await sealedLog();

    expect(await verifyStream(store, 'ticket-1', { trusted })).toMatchObject({ ok: true, eventsChecked: 10, checkpointsChecked: 4 });
  });
});
