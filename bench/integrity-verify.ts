import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { incidentStream } from '@itsm/domain';
import { checkpointSigner, LogSealer, sealEvents, SqliteEventStore, trustedKeys, verifyLog, verifyStream, type EventStore, type Json, type LogSealerOptions, type VerifyReport } from '@itsm/event-store';
import { seedIncidentLog } from './projection-rebuild';

export interface VerifyCostRow {
  readonly scenario: string;
  readonly events: number;
  /** Median of the repetitions, and the fastest and slowest. */
  readonly ms: number;
  readonly msRange: string;
  readonly eventsPerSecond: number;
  readonly repetitions: number;
}

export interface VerifyCostResult {
  readonly logEvents: number;
  readonly checkpoints: number;
  readonly seedSeconds: number;
  readonly rows: readonly VerifyCostRow[];
}

const LONG_INCIDENT = '00000000-0000-4000-8000-ffffffffffff';

/** One incident of `notes` work notes, appended 100 at a time into its chain, as commands would have sealed them. */
async function appendLongIncident(store: EventStore, notes: number): Promise<void> {
  const stream = incidentStream(LONG_INCIDENT);
  let previousHash: string | null = null;
  for (let written = 0; written < notes; written += 100) {
    const events = Array.from({ length: Math.min(100, notes - written) }, (_, index) => ({ type: 'IncidentWorkNoteAdded', data: { incidentId: LONG_INCIDENT, text: `note ${written + index}` } as Json }));
    const id = `long-${written}`;
    const sealed = sealEvents({ stream, events, previousHash, schemaVersion: 2, context: { actor: 'bench', occurredAt: '2026-12-01T09:00:00.000Z', commandId: id, commandType: 'AddWorkNote', correlationId: id, causationId: id } });
    await store.append(stream, sealed, written === 0 ? 'no_stream' : written - 1);
    previousHash = sealed[sealed.length - 1]?.metadata.hash ?? null;
  }
}

/** One run of a work: the events it went through and the milliseconds that took. */
type Work = () => Promise<{ readonly events: number; readonly ms: number }>;

const timing = (work: () => Promise<number>): Work => async () => {
  const started = performance.now();
  const events = await work();
  return { events, ms: performance.now() - started };
};

/** Runs the works in turn, `repetitions` rounds, so that drift of the machine falls on each alike; one row per work. */
async function timedTogether(repetitions: number, works: readonly (readonly [string, Work])[]): Promise<VerifyCostRow[]> {
  const samples = works.map(() => [] as number[]);
  const events = works.map(() => 0);
  for (let round = 0; round < repetitions; round++) {
    for (const [index, [, work]] of works.entries()) {
      const run = await work();
      events[index] = run.events;
      samples[index]?.push(run.ms);
    }
  }
  const round = (value: number) => Number(value.toFixed(value < 100 ? 1 : 0));
  return works.map(([scenario], index) => {
    const sorted = [...(samples[index] as number[])].sort((a, b) => a - b);
    const ms = sorted[sorted.length >> 1] as number;
    const count = events[index] as number;
    return { scenario, events: count, ms: round(ms), msRange: `${round(sorted[0] as number)}–${round(sorted[sorted.length - 1] as number)}`, eventsPerSecond: Math.round(count / (ms / 1000)), repetitions };
  });
}

/** A copy of the log in `from`, sealed from its start (what the projector does when it first meets a log): its store, open, and the time sealing took. */
async function sealedCopy(from: string, to: string, signing: Pick<LogSealerOptions, 'signer' | 'trusted'>): Promise<{ store: SqliteEventStore; ms: number; checkpoints: number }> {
  fs.copyFileSync(from, to);
  const store = SqliteEventStore.open({ filename: to });
  const started = performance.now();
  const { sealed, firstBreak } = await new LogSealer(store, { ...signing, everyEvents: 1000, everyMs: 60_000, clock: () => new Date() }).sealDue(true);
  const ms = performance.now() - started;
  if (firstBreak !== null) throw new Error(`The bench log failed sealing: ${JSON.stringify(firstBreak)}`);
  return { store, ms, checkpoints: sealed };
}

/** Reads the whole log a page of 1,000 at a time, as verifyLog does, and checks nothing. */
async function readWholeLog(store: EventStore): Promise<number> {
  let count = 0;
  for (let after: string | null = null; ; ) {
    const page = await store.readAll({ after, max: 1000 });
    count += page.length;
    if (page.length < 1000) return count;
    after = page[page.length - 1]?.position ?? null;
  }
}

function passed(report: VerifyReport): number {
  if (!report.ok) throw new Error(`The bench log failed verification: ${JSON.stringify(report.firstBreak)}`);
  return report.eventsChecked;
}

/**
 * The cost of tamper evidence on the embedded SQLite store: `incidents` × 10 events of incidents
 * plus one incident of `longStream` notes, sealed by the LogSealer with a signed checkpoint every
 * 1,000 events (the default), then verified whole (verifyLog) and per stream (verifyStream).
 */
export async function measureVerifyCost(incidents = 15_000, longStream = 10_000, repetitions = 5): Promise<VerifyCostResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-verify-'));
  const seeded = path.join(dataDir, 'seeded.sqlite');
  let store: SqliteEventStore | null = null;
  try {
    const seeding = SqliteEventStore.open({ filename: seeded });
    const seedStart = performance.now();
    await seedIncidentLog(seeding, incidents / 2);
    await appendLongIncident(seeding, longStream);
    await seedIncidentLog(seeding, incidents / 2, incidents / 2);
    const seedSeconds = Number(((performance.now() - seedStart) / 1000).toFixed(1));
    const logEvents = Number(await seeding.headPosition());
    await seeding.close();
    const { privateKey } = generateKeyPairSync('ed25519');
    const signer = checkpointSigner(privateKey);
    const trusted = trustedKeys([signer.publicKey]);

    // The log verified is one sealed copy; each round seals another, so that sealing is timed beside the rest.
    const sealed = await sealedCopy(seeded, path.join(dataDir, 'sealed.sqlite'), { signer, trusted });
    const verified = (store = sealed.store);
    const sealAnother: Work = async () => {
      const scratch = path.join(dataDir, 'scratch.sqlite');
      const copy = await sealedCopy(seeded, scratch, { signer, trusted });
      await copy.store.close();
      fs.rmSync(scratch, { force: true });
      return { events: logEvents, ms: copy.ms };
    };
    const short = incidentStream(`00000000-0000-4000-8000-${(7).toString().padStart(12, '0')}`);
    const rows = await timedTogether(repetitions, [
      ['seal: check and sign the whole log (LogSealer, a checkpoint every 1,000 events)', sealAnother],
      ['read the whole log, checking nothing (for comparison)', timing(() => readWholeLog(verified))],
      ['verifyLog: the whole log', timing(async () => passed(await verifyLog(verified, { trusted })))],
      [`verifyStream: one incident of ${longStream.toLocaleString('en')} events`, timing(async () => passed(await verifyStream(verified, incidentStream(LONG_INCIDENT), { trusted })))],
      ['verifyStream: one incident of 10 events', timing(async () => passed(await verifyStream(verified, short, { trusted })))],
    ]);
    return { logEvents, checkpoints: sealed.checkpoints, seedSeconds, rows };
  } finally {
    await store?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
