import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { incidentStream } from '@itsm/domain';
import { checkpointSigner, LogSealer, sealEvents, SqliteEventStore, trustedKeys, verifyLog, verifyStream, type EventStore, type Json, type VerifyReport } from '@itsm/event-store';
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

/** Runs the works in turn, `repetitions` rounds, so that drift of the machine falls on each alike; one row per work. */
async function timedTogether(repetitions: number, works: readonly (readonly [string, () => Promise<number>])[]): Promise<VerifyCostRow[]> {
  const samples = works.map(() => [] as number[]);
  const events = works.map(() => 0);
  for (let round = 0; round < repetitions; round++) {
    for (const [index, [, work]] of works.entries()) {
      const started = performance.now();
      events[index] = await work();
      samples[index]?.push(performance.now() - started);
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
  const store = SqliteEventStore.open({ filename: path.join(dataDir, 'events.sqlite') });
  try {
    const seedStart = performance.now();
    await seedIncidentLog(store, incidents / 2);
    await appendLongIncident(store, longStream);
    await seedIncidentLog(store, incidents / 2, incidents / 2);
    const seedSeconds = Number(((performance.now() - seedStart) / 1000).toFixed(1));
    const { privateKey } = generateKeyPairSync('ed25519');
    const signer = checkpointSigner(privateKey);
    const trusted = trustedKeys([signer.publicKey]);
    const logEvents = Number(await store.headPosition());

    let checkpoints = 0;
    // Sealing a log from its start (what the projector does when it first meets it); the same work per event as it keeps up later.
    const rows = await timedTogether(1, [['seal: check and sign the whole log (LogSealer, a checkpoint every 1,000 events)', async () => {
      const sealer = new LogSealer(store, { signer, trusted, everyEvents: 1000, everyMs: 60_000, clock: () => new Date() });
      checkpoints = (await sealer.sealDue(true)).sealed;
      return logEvents;
    }]]);
    const short = incidentStream(`00000000-0000-4000-8000-${(7).toString().padStart(12, '0')}`);
    rows.push(...(await timedTogether(repetitions, [
      ['read the whole log, checking nothing (for comparison)', () => readWholeLog(store)],
      ['verifyLog: the whole log', async () => passed(await verifyLog(store, { trusted }))],
      [`verifyStream: one incident of ${longStream.toLocaleString('en')} events`, async () => passed(await verifyStream(store, incidentStream(LONG_INCIDENT), { trusted }))],
      ['verifyStream: one incident of 10 events', async () => passed(await verifyStream(store, short, { trusted }))],
    ])));
    return { logEvents, checkpoints, seedSeconds, rows };
  } finally {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
