import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@itsm/config';
import { openEventStore } from '@itsm/platform';
import { BENCH_SECRET, benchToken, percentile, post, startBenchApp, type BenchApp } from './bench-apps';
import { estate, range, seed, server } from './impact-assessment';

export interface AssessmentBesideCommandsResult {
  readonly scenario: string;
  readonly commands: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

const DAY = 24 * 3600 * 1000;

/**
 * Issue 7's stall: change managers raising and assessing changes to 200 servers (each raise reads
 * 200 CI streams, each assessment walks the CMDB from 200 CIs) while agents add work notes to other
 * incidents. The notes' latency alone and beside the assessments, measured in the same run, says
 * whether one heavy request holds up everyone else.
 */
export async function measureAssessmentBesideCommands(seconds = 10, assessors = 4, agents = 8): Promise<AssessmentBesideCommandsResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-assess-'));
  const events = await openEventStore(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: BENCH_SECRET }));
  await seed(events, estate());
  const head = String(await events.headPosition());
  await events.close();
  const apps: BenchApp[] = [];
  try {
    const [commands, queries, projector] = await Promise.all([
      startBenchApp('command-api', dataDir),
      startBenchApp('query-api', dataDir),
      startBenchApp('projector', dataDir),
    ]);
    apps.push(commands, queries, projector);
    await caughtUp(`${queries.url}/cis/${server(0)}?consistentWith=${head}`);
    const agent = benchToken('agent', 'agent');
    const incidents = await Promise.all(range(50).map(async (n) => String((await post(`${commands.url}/incidents`, agent, { title: `Incident ${n}`, description: 'x', caller: 'bench', category: 'software', impact: 2, urgency: 2 })).body.id)));
    const notes = () => timedLoops(agents, seconds, (n) => post(`${commands.url}/incidents/${incidents[n % incidents.length]}/work-notes`, agent, { text: 'checked' }));
    const alone = await notes();
    const manager = benchToken('manager', 'manager');
    const change = { changeType: 'normal', title: 'Patch the payroll servers', justification: 'CVE', implementationPlan: 'patch', backoutPlan: 'restore', testPlan: 'smoke', window: { start: new Date(Date.now() + 7 * DAY).toISOString(), end: new Date(Date.now() + 7 * DAY + 4 * 3600_000).toISOString() }, affectedCiIds: range(200).map(server) };
    const raises: number[] = [];
    const assessments: number[] = [];
    const [beside] = await Promise.all([
      notes(),
      timedLoops(assessors, seconds, async () => {
        const raised = await post(`${commands.url}/changes`, manager, change);
        raises.push(raised.ms);
        const assessed = await post(`${commands.url}/changes/${String(raised.body.id)}/assess`, manager, {});
        assessments.push(assessed.ms);
        return assessed;
      }),
    ]);
    return [
      summary(`work note, ${agents} agents, alone`, alone),
      summary(`work note, ${agents} agents, beside ${assessors} change managers`, beside),
      summary('raise a change to 200 CIs (beside the notes)', raises),
      summary('assess a change to 200 CIs (beside the notes)', assessments),
    ];
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** `loops` clients each running `request` back to back for `seconds`; answers every latency. */
async function timedLoops(loops: number, seconds: number, request: (n: number) => Promise<{ ms: number }>): Promise<number[]> {
  const until = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  let n = 0;
  await Promise.all(
    range(loops).map(async () => {
      while (performance.now() < until) latencies.push((await request(n++)).ms);
    }),
  );
  return latencies;
}

function summary(scenario: string, latencies: readonly number[]): AssessmentBesideCommandsResult {
  return { scenario, commands: latencies.length, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), maxMs: percentile(latencies, 1) };
}

async function caughtUp(url: string): Promise<void> {
  const token = benchToken('bench', 'auditor');
  while ((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status === 503);
}
