import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '@itsm/config';
import { configurationItemStream, type CiRelationshipType } from '@itsm/domain';
import { hasReached, sealEvents, type EventStore, type Json } from '@itsm/event-store';
import { openEventStore, openReadStore } from '@itsm/platform';
import { cmdbRelationshipsProjection, configurationItemsProjection, findAffectedServices, ProjectionRunner, type AnyProjection } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { BENCH_SECRET, benchToken, startBenchApp } from './bench-apps';


export interface ImpactAssessmentResult {
  readonly scenario: string;
  /** Median and slowest of the repetitions. */
  readonly p50Ms: number;
  readonly maxMs: number;
  /** Size of the answer on the wire (every page together where the scenario pages); null in process. */
  readonly bytes: number | null;
  /** What the answer lists: the services found, or the impacted CIs on the pages read. */
  readonly items: number;
}

const ciId = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const SERVICE = ciId(1);
const app = (a: number) => ciId(10 + a);
export const server = (s: number) => ciId(100 + s);
const other = (o: number) => ciId(1_000 + o);
const chain = (c: number) => ciId(10_000 + c);
const CHAIN_SERVICE = ciId(20_000);

interface SeedCi {
  readonly id: string;
  readonly ciClass: string;
  readonly relationships: readonly [CiRelationshipType, string][];
}

/**
 * A payroll service containing 5 applications that run on 200 servers (40 each); 400 other CIs
 * (databases, VMs, switches) with 800 relationships among them and to the servers, connects_to
 * included; and a chain of 301 CIs, each depending on the one before, under a service.
 */
export function estate(): SeedCi[] {
  const cis: SeedCi[] = [{ id: SERVICE, ciClass: 'service', relationships: [0, 1, 2, 3, 4].map((a) => ['contains', app(a)] as [CiRelationshipType, string]) }];
  for (let a = 0; a < 5; a++) cis.push({ id: app(a), ciClass: 'application', relationships: range(40).map((s) => ['runs_on', server(a * 40 + s)]) });
  for (let s = 0; s < 200; s++) cis.push({ id: server(s), ciClass: 'server', relationships: [] });
  const classes = ['database', 'virtual_machine', 'network_device', 'storage_device'];
  const types: CiRelationshipType[] = ['depends_on', 'runs_on', 'connects_to', 'contains'];
  for (let o = 0; o < 400; o++) {
    const targets: [CiRelationshipType, string][] = [[types[o % 4]!, other((o * 7 + 1) % 400)], [o % 2 === 0 ? 'connects_to' : 'depends_on', server((o * 13) % 200)]];
    cis.push({ id: other(o), ciClass: classes[o % 4]!, relationships: targets.filter(([, target]) => target !== other(o)) });
  }
  for (let c = 0; c <= 300; c++) cis.push({ id: chain(c), ciClass: 'server', relationships: c === 0 ? [] : [['depends_on', chain(c - 1)]] });
  cis.push({ id: CHAIN_SERVICE, ciClass: 'service', relationships: [['contains', chain(300)]] });
  return cis;
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Appends each CI's stream as the command API would have written it: registration, then its relationships. */
export async function seed(events: EventStore, cis: readonly SeedCi[]): Promise<void> {
  for (const [n, ci] of cis.entries()) {
    const facts = [
      { type: 'ConfigurationItemRegistered', data: { ciId: ci.id, name: `ci-${n}`, normalisedName: `ci-${n}`, ciClass: ci.ciClass, classCatalogueVersion: 'cmdb-classes-2025.1', attributes: {}, ownerGroup: 'infra', status: 'in_use', criticality: 2 } },
      ...ci.relationships.map(([type, targetCiId]) => ({ type: 'ConfigurationItemRelationshipAdded', data: { ciId: ci.id, type, targetCiId } })),
    ];
    const context = { actor: 'bench', occurredAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(), commandId: `seed-${n}`, commandType: 'Seed', correlationId: `seed-${n}`, causationId: `seed-${n}` };
    const stream = configurationItemStream(ci.id);
    await events.append(stream, sealEvents({ stream, events: facts as { type: string; data: Json }[], previousHash: null, schemaVersion: 1, context }), 'no_stream');
  }
}

/** Builds the CMDB read models the walk reads, with the production runner, up to the head of the log. */
async function project(events: EventStore, reads: ReadStore): Promise<void> {
  const head = (await events.headPosition()) as string;
  const projections = [configurationItemsProjection, cmdbRelationshipsProjection] as unknown as AnyProjection[];
  const runners = projections.map((projection) => new ProjectionRunner(events, reads, projection, { maxBatchSize: 500 }));
  runners.forEach((runner) => runner.start());
  while (!runners.every((runner) => hasReached(runner.status().checkpoint, head))) await new Promise((resolve) => setTimeout(resolve, 5));
  await Promise.all(runners.map((runner) => runner.stop()));
}

async function timed<T>(repetitions: number, run: () => Promise<T>): Promise<{ p50Ms: number; maxMs: number; last: T }> {
  const times: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < repetitions; i++) {
    const started = performance.now();
    last = await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Number(ms.toFixed(1));
  return { p50Ms: round(times[Math.floor(times.length / 2)]!), maxMs: round(times.at(-1)!), last: last as T };
}

/** Every page of GET /cis/:id/impact: the bytes on the wire and how many CIs they list. */
async function impactPages(url: string, token: string, limit: number, pages = Infinity): Promise<{ bytes: number; cis: number }> {
  let [bytes, cis, read] = [0, 0, 0];
  let cursor: string | null = null;
  do {
    const answer = await fetch(`${url}/cis/${chain(0)}/impact?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`GET impact answered ${answer.status}: ${text}`);
    const body = JSON.parse(text) as { impacted: unknown[]; nextCursor: string | null };
    [bytes, cis, read, cursor] = [bytes + Buffer.byteLength(text), cis + body.impacted.length, read + 1, body.nextCursor];
  } while (cursor !== null && read < pages);
  return { bytes, cis };
}

/** The query API as a process on the seeded data directory, for as long as `measure` runs. */
async function withQueryApi<T>(dataDir: string, measure: (url: string, token: string) => Promise<T>): Promise<T> {
  const api = await startBenchApp('query-api', dataDir);
  try {
    return await measure(api.url, benchToken('bench', 'auditor'));
  } finally {
    await api.stop();
  }
}

/**
 * Impact analysis on the embedded default: the affected services of a change to 200 servers (the
 * function change assessment calls, in process, on the SQLite read store), and GET /cis/:id/impact
 * through the query API process on a chain of 300 CIs, first page and every page.
 */
export async function measureImpactAssessment(repetitions = 5): Promise<ImpactAssessmentResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-impact-'));
  const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: BENCH_SECRET });
  const events = await openEventStore(config);
  const reads = await openReadStore(config, 'read-write');
  try {
    await seed(events, estate());
    await project(events, reads);
    const servers = range(200).map(server);
    const change = await timed(repetitions, () => findAffectedServices(reads, servers));
    const results: ImpactAssessmentResult[] = [{ scenario: 'affected services of a 200-CI change (findAffectedServices)', p50Ms: change.p50Ms, maxMs: change.maxMs, bytes: null, items: change.last.length }];
    return await withQueryApi(dataDir, async (url, token) => {
      const first = await timed(repetitions, () => impactPages(url, token, 50, 1));
      const all = await timed(repetitions, () => impactPages(url, token, 200));
      results.push({ scenario: 'GET /cis/:id/impact, 300-CI chain, first page (limit 50)', p50Ms: first.p50Ms, maxMs: first.maxMs, bytes: first.last.bytes, items: first.last.cis });
      results.push({ scenario: 'GET /cis/:id/impact, 300-CI chain, every page (limit 200)', p50Ms: all.p50Ms, maxMs: all.maxMs, bytes: all.last.bytes, items: all.last.cis });
      return results;
    });
  } finally {
    await reads.close();
    await events.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
