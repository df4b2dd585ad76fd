import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_PRIORITY_MATRIX, INCIDENT_EVENT_SCHEMA_VERSION, incidentStream, priorityOf, type IncidentEvent } from '@itsm/domain';
import { hasReached, sealEvents, SqliteEventStore, type EventStore, type Json } from '@itsm/event-store';
import { ALL_PROJECTIONS, LogPass, ProjectionRunner, projectionKey, type AnyProjection } from '@itsm/projections';
import { SqliteReadStore } from '@itsm/read-store';

export interface RebuildResult {
  readonly projections: string;
  readonly events: number;
  /** Medians over the rounds. */
  readonly seconds: number;
  readonly eventsPerSecond: number;
  /** Median of each round's time over the same round's bare scan + JSON.parse of the log (1 for the scan itself). */
  readonly timesScan: number;
  /** The most resident memory sampled during the run (every 50 ms), and what the process held as it started, in MiB. */
  readonly peakRssMb: number;
  readonly startRssMb: number;
}

export interface RebuildOptions {
  /** Rounds, each measuring the scan and every way of rebuilding one after the other; default 3. */
  readonly rounds?: number;
  /** Also the path the projector took before ADR 22, a runner per projection (slow: 1M events take minutes); default false. */
  readonly perProjection?: boolean;
  /** Events per projected batch at most, as PROJECTOR_BATCH_SIZE; default 500 (the projector's default). */
  readonly batchSize?: number;
  /** Leave out the way with the indexes made before the load (slow: at 1M events it takes half as long again as the pass); default false. */
  readonly passOnly?: boolean;
}

const GROUPS = ['service-desk', 'network', 'database', 'desk-side', 'payroll-apps', 'email'];

/** Ten events per incident, the shape of a typical ticket: open, assign, notes, comment, resolve, close. */
function lifecycle(n: number): IncidentEvent[] {
  const incidentId = `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
  const impact = ((n % 3) + 1) as 1 | 2 | 3;
  const urgency = (((n >> 2) % 3) + 1) as 1 | 2 | 3;
  const group = GROUPS[n % GROUPS.length] as string;
  const note = (text: string): IncidentEvent => ({ type: 'IncidentWorkNoteAdded', data: { incidentId, text } });
  return [
    { type: 'IncidentOpened', data: { incidentId, title: `Incident ${n}`, description: 'Synthetic', caller: `caller-${n % 500}`, category: 'software', impact, urgency, priority: priorityOf(DEFAULT_PRIORITY_MATRIX, impact, urgency), priorityMatrixVersion: DEFAULT_PRIORITY_MATRIX.version, configurationItemId: null, assignmentGroup: group } },
    { type: 'IncidentAssigned', data: { incidentId, assignmentGroup: group, assignee: `agent-${n % 40}`, startedWork: true } },
    note('Looking into it'),
    note('Found the cause'),
    { type: 'IncidentCommentAdded', data: { incidentId, text: 'A fix is on its way' } },
    note('Applied the fix'),
    note('Monitoring'),
    note('Stable for an hour'),
    { type: 'IncidentResolved', data: { incidentId, resolutionCode: 'solved_permanently', resolutionNotes: 'Fixed' } },
    { type: 'IncidentClosed', data: { incidentId } },
  ];
}

/** Fills an event store with `incidents` × 10 events (incidents numbered from `first`), as the command API would have written them. */
export async function seedIncidentLog(store: EventStore, incidents: number, first = 0): Promise<number> {
  const chunk = 500;
  for (let start = first; start < first + incidents; start += chunk) {
    const appends = [];
    for (let n = start; n < Math.min(first + incidents, start + chunk); n++) {
      const events = lifecycle(n);
      const stream = incidentStream((events[0]?.data as { incidentId: string }).incidentId);
      const sealed = sealEvents({
        stream,
        events: events.map((e) => ({ type: e.type, data: e.data as unknown as Json })),
        previousHash: null,
        schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION,
        context: { actor: 'bench', occurredAt: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString(), commandId: `seed-${n}`, commandType: 'Seed', correlationId: `seed-${n}`, causationId: `seed-${n}` },
      });
      appends.push(store.append(stream, sealed, 'no_stream'));
    }
    await Promise.all(appends);
  }
  return incidents * 10;
}

const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

/** Runs `work`, sampling resident memory every 50 ms: its time and the most memory held meanwhile. */
async function measured(work: () => Promise<void>): Promise<{ seconds: number; peakRssMb: number; startRssMb: number }> {
  const startRss = process.memoryUsage.rss();
  let peak = startRss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  return { seconds: (performance.now() - started) / 1000, peakRssMb: mib(peak), startRssMb: mib(startRss) };
}

/** The ceiling: every row of the log read in order and its data and metadata parsed, nothing else. */
async function bareScan(file: string): Promise<void> {
  const db = new Database(file, { readonly: true });
  try {
    for (const row of db.prepare('SELECT sequence, stream, revision, event_id, type, data, metadata, recorded_at FROM events ORDER BY sequence').iterate()) {
      const { data, metadata } = row as { data: string; metadata: string };
      JSON.parse(data);
      JSON.parse(metadata);
    }
  } finally {
    db.close();
  }
}

const untilEvery = async (reached: () => boolean) => {
  while (!reached()) await new Promise((resolve) => setTimeout(resolve, 5));
};

/** Every projection in one pass, as the projector runs them (ADR 22), into an empty read store: documents first, indexes at the head. */
async function onePass(events: SqliteEventStore, file: string, projections: readonly AnyProjection[], batchSize: number): Promise<void> {
  const reads = SqliteReadStore.open({ filename: file });
  const head = (await events.headPosition()) as string;
  const pass = new LogPass(events, reads);
  const members = projections.map((projection) => pass.projection(projection, { maxBatchSize: batchSize }));
  members.forEach((member) => member.start());
  await untilEvery(() => members.every((member) => hasReached(member.status().checkpoint, head)));
  await Promise.all(members.map((member) => member.stop()));
  await reads.close();
}

/** The same, the collections and their indexes made before the load (as the pass did before it deferred them): what deferring buys. */
async function onePassIndexesFirst(events: SqliteEventStore, file: string, batchSize: number): Promise<void> {
  const reads = SqliteReadStore.open({ filename: file });
  for (const projection of ALL_PROJECTIONS) await reads.ensureCollection(projection.collection);
  await reads.close();
  await onePass(events, file, ALL_PROJECTIONS, batchSize);
}

/** Before ADR 22: a runner per projection, each reading and parsing the log. */
async function perProjection(events: SqliteEventStore, file: string, batchSize: number): Promise<void> {
  const reads = SqliteReadStore.open({ filename: file });
  const head = (await events.headPosition()) as string;
  const runners = ALL_PROJECTIONS.map((projection) => new ProjectionRunner(events, reads, projection, { maxBatchSize: batchSize }));
  runners.forEach((runner) => runner.start());
  await untilEvery(() => runners.every((runner) => hasReached(runner.status().checkpoint, head)));
  await Promise.all(runners.map((runner) => runner.stop()));
  await reads.close();
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * A full rebuild of every projection from an empty SQLite read store over `incidents` × 10 events,
 * beside a bare scan + JSON.parse of the same log, in interleaved rounds: each round times the scan
 * and then each way of rebuilding, so each ratio compares runs made together on a shared machine.
 */
export async function measureProjectionRebuild(incidents: number, options: RebuildOptions = {}): Promise<{ seedSeconds: number; results: RebuildResult[] }> {
  const { rounds = 3, batchSize = 500 } = options;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-rebuild-'));
  const eventsFile = path.join(dataDir, 'events.sqlite');
  const events = SqliteEventStore.open({ filename: eventsFile });
  try {
    const seedStart = performance.now();
    const count = await seedIncidentLog(events, incidents);
    const seedSeconds = Number(((performance.now() - seedStart) / 1000).toFixed(2));
    const ways: [string, (file: string) => Promise<void>][] = [
      ['bare scan + JSON.parse of the log', () => bareScan(eventsFile)],
      [`all ${ALL_PROJECTIONS.length}, one pass (as the projector runs them)`, (file) => onePass(events, file, ALL_PROJECTIONS, batchSize)],
      ...(options.passOnly ? [] : [[`all ${ALL_PROJECTIONS.length}, one pass, indexes made before the load`, (file: string) => onePassIndexesFirst(events, file, batchSize)] as [string, (file: string) => Promise<void>]]),
      ...(options.perProjection ? [[`all ${ALL_PROJECTIONS.length}, a runner per projection (before ADR 22)`, (file: string) => perProjection(events, file, batchSize)] as [string, (file: string) => Promise<void>]] : []),
    ];
    const runs = ways.map(() => [] as Awaited<ReturnType<typeof measured>>[]);
    for (let round = 0; round < rounds; round++) {
      for (const [index, [name, way]] of ways.entries()) {
        const file = path.join(dataDir, `rebuild-${round}-${index}.sqlite`);
        runs[index]?.push(await measured(() => way(file)));
        fs.rmSync(file, { force: true });
        console.log(`  round ${round + 1}/${rounds}: ${name} ${runs[index]?.[round]?.seconds.toFixed(2)} s`);
      }
    }
    const scans = runs[0] ?? [];
    const results = ways.map(([name], index): RebuildResult => {
      const mine = runs[index] ?? [];
      const seconds = median(mine.map((run) => run.seconds));
      return {
        projections: name,
        events: count,
        seconds: Number(seconds.toFixed(2)),
        eventsPerSecond: Math.round(count / seconds),
        timesScan: Number(median(mine.map((run, round) => run.seconds / (scans[round]?.seconds ?? run.seconds))).toFixed(2)),
        peakRssMb: Math.max(...mine.map((run) => run.peakRssMb)),
        startRssMb: Math.min(...mine.map((run) => run.startRssMb)),
      };
    });
    return { seedSeconds, results };
  } finally {
    await events.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `node dist/bench/projection-rebuild.js [incidents] [rounds] [--per-projection] [--pass-only] [--batch=N]`: the scenario alone, e.g. under --cpu-prof. */
if (require.main === module) {
  const [incidents = 100_000, rounds = 3] = process.argv.slice(2).filter((arg) => /^\d+$/.test(arg)).map(Number);
  const batchSize = Number(process.argv.find((arg) => arg.startsWith('--batch='))?.slice('--batch='.length) ?? 500);
  measureProjectionRebuild(incidents, { rounds, batchSize, perProjection: process.argv.includes('--per-projection'), passOnly: process.argv.includes('--pass-only') })
    .then(({ seedSeconds, results }) => {
      console.log(`Seeded ${incidents * 10} events in ${seedSeconds} s (${ALL_PROJECTIONS.map(projectionKey).join(', ')})`);
      console.table(results);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
