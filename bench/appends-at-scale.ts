import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { INCIDENT_EVENT_SCHEMA_VERSION, incidentStream } from '@itsm/domain';
import { SqliteEventStore, sealEvents, timeOrderedId, type Json } from '@itsm/event-store';
import { percentile } from './bench-apps';
import { interleave, type Comparison, type Measured, type Side } from './interleaved';
import { step } from './progress';

export const SMALL_LOG = 100_000;
export const LARGE_LOG = 5_000_000;
const EVENTS_PER_INCIDENT = 10;
const APPENDERS = 32;

export interface AppendsAtScaleResult {
  readonly seeded: readonly { readonly events: number; readonly seconds: number; readonly fileMb: number }[];
  readonly comparison: Comparison;
}

/** An incident's opening and notes, sealed as the write path seals them, under a time-ordered command id (ADR 23), as the command path records it. */
function anIncident(events: number): { stream: string; sealed: ReturnType<typeof sealEvents> } {
  const commandId = timeOrderedId();
  const incidentId = timeOrderedId();
  const stream = incidentStream(incidentId);
  const facts = [
    { type: 'IncidentOpened', data: { incidentId, title: 'Appended at scale', description: 'Synthetic', caller: 'caller', category: 'software', impact: 2, urgency: 2, priority: 3, assignmentGroup: 'network', number: null } },
    ...Array.from({ length: events - 1 }, (_, i) => ({ type: 'IncidentWorkNoteAdded', data: { incidentId, text: `Note ${i}` } })),
  ];
  const sealed = sealEvents({ stream, events: facts.map((e) => ({ type: e.type, data: e.data as unknown as Json })), previousHash: null, schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION, context: { actor: 'bench', occurredAt: new Date().toISOString(), commandId, commandType: 'Seed', correlationId: commandId, causationId: commandId } });
  return { stream, sealed };
}

async function seed(store: SqliteEventStore, events: number): Promise<void> {
  const incidents = events / EVENTS_PER_INCIDENT;
  for (let start = 0; start < incidents; start += 1_000) {
    const appends = [];
    for (let n = start; n < Math.min(incidents, start + 1_000); n++) {
      const { stream, sealed } = anIncident(EVENTS_PER_INCIDENT);
      appends.push(store.append(stream, sealed, 'no_stream'));
    }
    await Promise.all(appends);
    if (start % 50_000 === 0 && start > 0) step(`seeded ${(start * EVENTS_PER_INCIDENT).toLocaleString('en')} of ${events.toLocaleString('en')} events`);
  }
}

/** 32 appenders, each appending one opening at a time to a stream of its own, for `seconds`: what the command path asks of the store. */
async function appendFor(store: SqliteEventStore, seconds: number): Promise<Measured> {
  const deadline = performance.now() + seconds * 1_000;
  const latencies: number[] = [];
  let errors = 0;
  const appender = async () => {
    while (performance.now() < deadline) {
      const { stream, sealed } = anIncident(1);
      const started = performance.now();
      try {
        await store.append(stream, sealed, 'no_stream');
        latencies.push(performance.now() - started);
      } catch {
        errors += 1;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: APPENDERS }, appender));
  const elapsed = (performance.now() - started) / 1_000;
  return { requests: { average: latencies.length / elapsed }, latency: { p99: percentile(latencies, 0.99) }, non2xx: 0, errors, timeouts: 0 };
}

/**
 * Concurrent appends to the embedded log when it holds 5,000,000 events, against the same when it holds
 * 100,000: two files seeded as the command path writes (time-ordered ids, sealed chains), then rounds
 * taking turns on them, so both meet the same state of the shared machine.
 */
export async function measureAppendsAtScale(seconds: number, rounds: number): Promise<AppendsAtScaleResult> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-bench-appends-'));
  const stores: SqliteEventStore[] = [];
  try {
    const seeded = [];
    for (const events of [SMALL_LOG, LARGE_LOG]) {
      const filename = path.join(directory, `events-${events}.sqlite`);
      const store = SqliteEventStore.open({ filename });
      stores.push(store);
      step(`seeding a log of ${events.toLocaleString('en')} events`);
      const started = performance.now();
      await seed(store, events);
      seeded.push({ events, seconds: Number(((performance.now() - started) / 1_000).toFixed(1)), fileMb: Math.round(fs.statSync(filename).size / 2 ** 20) });
    }
    const [small, large] = stores as [SqliteEventStore, SqliteEventStore];
    const side = (store: SqliteEventStore, events: number): Side => ({ name: `${APPENDERS} concurrent appends, log of ${events.toLocaleString('en')} events`, run: (s) => appendFor(store, s) });
    const largeSide = side(large, LARGE_LOG);
    const smallSide = side(small, SMALL_LOG);
    step('warming up (2 s each)');
    await largeSide.run(2);
    await smallSide.run(2);
    return { seeded, comparison: await interleave(largeSide, smallSide, rounds, seconds) };
  } finally {
    await Promise.all(stores.map((store) => store.close()));
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
