import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '@itsm/config';
import { hasReached, SqliteEventStore } from '@itsm/event-store';
import { incidentDetailProjection, ProjectionRunner, workQueuesProjection, type AnyProjection } from '@itsm/projections';
import { SqliteReadStore } from '@itsm/read-store';
import { benchToken, startBenchApp, type BenchApp } from './bench-apps';
import { interleave, type Comparison, type Side } from './interleaved';
import { cannon } from './load';
import { step } from './progress';
import { incidentFacts, seedIncidents } from './seed-incidents';

export const PAGE_SIZE = 50;
export const DEEP_PAGE = 400;
/** The queue read: one of the six groups, about a sixth of the open incidents. */
export const QUEUE_GROUP = 'network';

export interface ReadCeilingResult {
  readonly openIncidents: number;
  readonly seedSeconds: number;
  readonly projectSeconds: number;
  readonly comparisons: readonly Comparison[];
}

const get = (app: BenchApp, token: string, name: string, pathAndQuery: string): Side => ({
  name,
  run: (seconds) => cannon(app.url, token, seconds, { method: 'GET', path: pathAndQuery }),
});

/** The log seeded with `count` open incidents (a third assigned), and the two read models the reads use built by the production runner. */
async function seedReadModels(dataDir: string, count: number): Promise<{ seedSeconds: number; projectSeconds: number }> {
  const config = loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(32) });
  const events = SqliteEventStore.open({ filename: (config.eventStore as { filename: string }).filename });
  const reads = SqliteReadStore.open({ filename: (config.readStore as { filename: string }).filename });
  try {
    step(`seeding ${count.toLocaleString('en')} open incidents`);
    const seedStart = performance.now();
    await seedIncidents(events, count, 'b', (id, n) => incidentFacts(id, n, 0));
    const seedSeconds = (performance.now() - seedStart) / 1000;
    step('projecting incident_detail and work_queues (the production ProjectionRunner)');
    const head = (await events.headPosition()) as string;
    const projections: AnyProjection[] = [incidentDetailProjection, workQueuesProjection];
    const runners = projections.map((projection) => new ProjectionRunner(events, reads, projection, { maxBatchSize: 500 }));
    const projectStart = performance.now();
    runners.forEach((runner) => runner.start());
    while (!runners.every((runner) => hasReached(runner.status().checkpoint, head))) await new Promise((resolve) => setTimeout(resolve, 20));
    const projectSeconds = (performance.now() - projectStart) / 1000;
    await Promise.all(runners.map((runner) => runner.stop()));
    return { seedSeconds: Number(seedSeconds.toFixed(1)), projectSeconds: Number(projectSeconds.toFixed(1)) };
  } finally {
    await reads.close();
    await events.close();
  }
}

/** The cursor of page `pageNumber` of `list` (pages of PAGE_SIZE), reached by walking it as a client would, 200 at a time. */
async function cursorOfPage(queryApi: BenchApp, token: string, list: string, pageNumber: number): Promise<string> {
  let cursor: string | null = null;
  for (let walked = 0; walked < (pageNumber - 1) * PAGE_SIZE; walked += 200) {
    const answer = await fetch(`${queryApi.url}${list}${list.includes('?') ? '&' : '?'}limit=200${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, { headers: { authorization: `Bearer ${token}` } });
    if (!answer.ok) throw new Error(`GET ${list} answered ${answer.status}: ${(await answer.text()).slice(0, 300)}`);
    cursor = ((await answer.json()) as { nextCursor: string | null }).nextCursor;
    if (cursor === null) throw new Error(`GET ${list} ended before page ${pageNumber}`);
  }
  return cursor as string;
}

/** Page DEEP_PAGE of `list` (by the keyset cursor a client would hold) against its page 1. */
async function deepAgainstFirst(queryApi: BenchApp, token: string, list: string): Promise<[Side, Side]> {
  step(`walking GET ${list} to page ${DEEP_PAGE}`);
  const cursor = await cursorOfPage(queryApi, token, list, DEEP_PAGE);
  const query = (extra: string) => `${list}${list.includes('?') ? '&' : '?'}limit=${PAGE_SIZE}${extra}`;
  return [
    get(queryApi, token, `GET ${list}, page ${DEEP_PAGE} of ${PAGE_SIZE} (keyset cursor)`, query(`&cursor=${encodeURIComponent(cursor)}`)),
    get(queryApi, token, `GET ${list}, page 1`, query('')),
  ];
}

/** A full first page of the queue, or the seed did not reach work_queues and the ratio would measure an empty answer. */
async function requireFullQueuePage(queryApi: BenchApp, token: string): Promise<void> {
  const answer = await fetch(`${queryApi.url}/queues/${QUEUE_GROUP}?limit=${PAGE_SIZE}`, { headers: { authorization: `Bearer ${token}` } });
  if (!answer.ok) throw new Error(`GET /queues/${QUEUE_GROUP} answered ${answer.status}: ${(await answer.text()).slice(0, 300)}`);
  const items = ((await answer.json()) as { items: unknown[] }).items.length;
  if (items !== PAGE_SIZE) throw new Error(`GET /queues/${QUEUE_GROUP} answered ${items} items, not ${PAGE_SIZE}: the seed did not reach work_queues`);
}

/**
 * At `openIncidents` open incidents: GET /queues/:group against the ceiling's no-op GET of a page the
 * same shape, and GET /incidents 400 pages deep (by its keyset cursor) against page 1, in interleaved rounds.
 */
export async function measureReadsAgainstCeiling(seconds: number, rounds: number, openIncidents = 100_000): Promise<ReadCeilingResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-bench-ceiling-reads-'));
  const ceilingDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-bench-ceiling-'));
  const apps: BenchApp[] = [];
  try {
    const { seedSeconds, projectSeconds } = await seedReadModels(dataDir, openIncidents);
    step('starting the query API and the ceiling');
    const [queryApi, ceiling] = await Promise.all([startBenchApp('query-api', dataDir), startBenchApp('ceiling', ceilingDir)]);
    apps.push(queryApi, ceiling);
    const token = benchToken('bench', 'agent');
    await requireFullQueuePage(queryApi, token);
    const queue = get(queryApi, token, `GET /queues/${QUEUE_GROUP} (page 1 of ${PAGE_SIZE})`, `/queues/${QUEUE_GROUP}?limit=${PAGE_SIZE}`);
    const noOp = get(ceiling, token, `no-op GET /queues/:group (${PAGE_SIZE} items)`, `/queues/${QUEUE_GROUP}?limit=${PAGE_SIZE}`);
    const deepLists = [await deepAgainstFirst(queryApi, token, '/incidents'), await deepAgainstFirst(queryApi, token, '/incidents?status=new')];
    step('warming up (2 s each)');
    for (const side of [queue, noOp, ...deepLists.flat()]) await side.run(2);

    const comparisons = [await interleave(queue, noOp, rounds, seconds)];
    for (const [deep, first] of deepLists) comparisons.push(await interleave(deep, first, rounds, seconds));
    return { openIncidents, seedSeconds, projectSeconds, comparisons };
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(ceilingDir, { recursive: true, force: true });
  }
}
