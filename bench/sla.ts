import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '@itsm/config';
import { DEFAULT_PRIORITY_MATRIX, INCIDENT_EVENT_SCHEMA_VERSION, incidentStream, priorityOf, type BusinessCalendarVersion, type IncidentEvent, type SlaPolicyVersion } from '@itsm/domain';
import { hasReached, sealEvents, SqliteEventStore, type Json } from '@itsm/event-store';
import { ProjectionRunner, slaClocksProjection, slaWhatIf, whatIfConfigurationOf } from '@itsm/projections';
import { SqliteReadStore } from '@itsm/read-store';
import { benchToken, memoryOf, percentile, startBenchApp } from './bench-apps';
import { seedIncidentLog } from './projection-rebuild';

const GROUPS = ['service-desk', 'network', 'database', 'desk-side', 'payroll-apps', 'email'];
const OFFICE: BusinessCalendarVersion = {
  name: 'berlin-office', version: 1, effectiveFrom: '2026-01-01T00:00:00.000Z', timeZone: 'Europe/Berlin',
  week: [[], ...Array.from({ length: 5 }, () => [{ start: '08:00', end: '12:00' }, { start: '13:00', end: '18:00' }]), []],
  holidays: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03', '2026-12-24', '2026-12-25', '2026-12-26', '2026-12-31'],
};
/** Response in calendar time, resolution in business time on the office calendar. */
const POLICY: SlaPolicyVersion = {
  name: 'standard', version: 1, effectiveFrom: '2026-01-01T00:00:00.000Z', scope: { assignmentGroup: null, configurationItemId: null }, atRiskPercent: 75, pausingHoldReasons: ['awaiting_caller'], onReopen: 'restart',
  targets: ([[1, 15, 240], [2, 30, 480], [3, 60, 1_440], [4, 240, 2_400], [5, 480, 4_800]] as const).map(([priority, response, resolution]) => ({ priority, response: { minutes: response, calendar: null }, resolution: { minutes: resolution, calendar: 'berlin-office' } })),
};

export interface BoardLatency {
  readonly query: string;
  readonly requests: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly items: number;
}

export interface SlaBoardResult {
  readonly openIncidents: number;
  readonly clocks: number;
  readonly seedSeconds: number;
  readonly projectSeconds: number;
  readonly projectEventsPerSecond: number;
  readonly latencies: readonly BoardLatency[];
  readonly queryApiPeakMb: number;
}

/** `incidents` open incidents, opened one every few seconds over the last days before `now`; a third assigned (response met). */
async function seedOpenIncidents(events: SqliteEventStore, incidents: number, now: number): Promise<number> {
  let appended = 0;
  for (let start = 0; start < incidents; start += 500) {
    const appends = [];
    for (let n = start; n < Math.min(incidents, start + 500); n++) {
      const incidentId = `00000000-0000-4000-9000-${n.toString().padStart(12, '0')}`;
      const impact = ((n % 3) + 1) as 1 | 2 | 3;
      const urgency = (((n >> 2) % 3) + 1) as 1 | 2 | 3;
      const group = GROUPS[n % GROUPS.length] as string;
      const openedAt = new Date(now - Math.floor((n / incidents) * 6 * 86_400_000)).toISOString();
      const opened: IncidentEvent[] = [
        { type: 'IncidentOpened', data: { incidentId, title: `Incident ${n}`, description: 'Synthetic', caller: `caller-${n % 500}`, category: 'software', impact, urgency, priority: priorityOf(DEFAULT_PRIORITY_MATRIX, impact, urgency), priorityMatrixVersion: DEFAULT_PRIORITY_MATRIX.version, configurationItemId: null, assignmentGroup: group, number: `INC${(n + 1).toString().padStart(7, '0')}` } },
        { type: 'SlaStarted', data: { incidentId, policy: POLICY, calendars: [OFFICE] } },
      ];
      const stream = incidentStream(incidentId);
      const seal = (batch: IncidentEvent[], previousHash: string | null, occurredAt: string, id: string) =>
        sealEvents({ stream, events: batch.map((e) => ({ type: e.type, data: e.data as unknown as Json })), previousHash, schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION, context: { actor: 'bench', occurredAt, commandId: id, commandType: 'Seed', correlationId: id, causationId: id } });
      const sealed = seal(opened, null, openedAt, `open-${n}`);
      if (n % 3 === 0) sealed.push(...seal([{ type: 'IncidentAssigned', data: { incidentId, assignmentGroup: group, assignee: `agent-${n % 40}`, startedWork: true } }], sealed.at(-1)!.metadata.hash, new Date(Date.parse(openedAt) + 10 * 60_000).toISOString(), `assign-${n}`));
      appended += sealed.length;
      appends.push(events.append(stream, sealed, 'no_stream'));
    }
    await Promise.all(appends);
  }
  return appended;
}

/**
 * The breach board at `openIncidents` open incidents: the log seeded, sla_clocks built by the
 * production runner, then the query API as its own process answering GET /sla/breaches, one request
 * at a time (latency, not throughput).
 */
export async function measureSlaBoard(openIncidents: number, requests = 300): Promise<SlaBoardResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-sla-board-'));
  const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(32) });
  const events = SqliteEventStore.open({ filename: (config.eventStore as { filename: string }).filename });
  const reads = SqliteReadStore.open({ filename: (config.readStore as { filename: string }).filename });
  try {
    const seedStart = performance.now();
    const appended = await seedOpenIncidents(events, openIncidents, Date.now());
    const seedSeconds = Number(((performance.now() - seedStart) / 1000).toFixed(1));
    const head = (await events.headPosition()) as string;
    const runner = new ProjectionRunner(events, reads, slaClocksProjection, { maxBatchSize: 500 });
    const projectStart = performance.now();
    runner.start();
    while (!hasReached(runner.status().checkpoint, head)) await new Promise((resolve) => setTimeout(resolve, 20));
    const projectSeconds = (performance.now() - projectStart) / 1000;
    await runner.stop();
    await reads.close();
    await events.close();

    const queryApi = await startBenchApp('query-api', dataDir);
    const token = benchToken('lead', 'manager');
    const get = async (query: string) => {
      const started = performance.now();
      const answer = await fetch(`${queryApi.url}/sla/breaches${query}`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await answer.json()) as { items: unknown[]; nextCursor: string | null };
      if (!answer.ok) throw new Error(`GET /sla/breaches${query} answered ${answer.status}`);
      return { body, ms: performance.now() - started };
    };
    const latencies: BoardLatency[] = [];
    try {
      for (const query of ['?limit=50', '?state=breached&limit=50', '?state=at_risk&limit=50', '?group=network&limit=50', '?priority=1&limit=50', '?group=database&state=at_risk&metric=resolution&limit=50']) {
        for (let i = 0; i < 20; i++) await get(query);
        const samples: number[] = [];
        let items = 0;
        for (let i = 0; i < requests; i++) {
          const { body, ms } = await get(query);
          samples.push(ms);
          items = body.items.length;
        }
        latencies.push({ query: `GET /sla/breaches${query}`, requests, p50Ms: percentile(samples, 0.5), p99Ms: percentile(samples, 0.99), items });
      }
      // Deep paging: each page of a walk through the first 10,000 lines of the board.
      const samples: number[] = [];
      for (let walk = 0; walk < 3; walk++) {
        let cursor: string | null = null;
        for (let page = 0; page < 50; page++) {
          const { body, ms }: { body: { nextCursor: string | null }; ms: number } = await get(`?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
          samples.push(ms);
          cursor = body.nextCursor;
          if (cursor === null) break;
        }
      }
      latencies.push({ query: 'GET /sla/breaches?limit=200, pages 1–50 by cursor', requests: samples.length, p50Ms: percentile(samples, 0.5), p99Ms: percentile(samples, 0.99), items: 200 });
      return { openIncidents, clocks: openIncidents * 2, seedSeconds, projectSeconds: Number(projectSeconds.toFixed(1)), projectEventsPerSecond: Math.round(appended / projectSeconds), latencies, queryApiPeakMb: queryApi.memory().peakMb };
    } finally {
      await queryApi.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface SlaWhatIfResult {
  readonly events: number;
  readonly incidents: number;
  readonly seedSeconds: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly peakMb: number;
}

/** What-if over a log of `incidents` × 10 events, as POST /sla/what-if and the CLI run it (the library function they share). */
export async function measureSlaWhatIf(incidents: number): Promise<SlaWhatIfResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-sla-what-if-'));
  const events = SqliteEventStore.open({ filename: path.join(dataDir, 'events.sqlite') });
  try {
    const seedStart = performance.now();
    const seeded = await seedIncidentLog(events, incidents);
    const seedSeconds = Number(((performance.now() - seedStart) / 1000).toFixed(1));
    const asked = whatIfConfigurationOf({ calendars: [OFFICE], policy: POLICY });
    const started = performance.now();
    const run = slaWhatIf(events, asked, { from: '2020-01-01T00:00:00.000Z', to: '2030-01-01T00:00:00.000Z', now: new Date().toISOString() });
    let measured = 0;
    for (let next = await run.next(); next.done !== true; next = await run.next()) measured++;
    const seconds = (performance.now() - started) / 1000;
    return { events: seeded, incidents: measured, seedSeconds, seconds: Number(seconds.toFixed(1)), eventsPerSecond: Math.round(seeded / seconds), peakMb: memoryOf(process.pid).peakMb };
  } finally {
    await events.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
