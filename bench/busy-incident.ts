import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchToken, percentile, post, startBenchApp, type BenchApp } from './bench-apps';

export interface BusyIncidentWindow {
  /** Which notes, e.g. "9,001–10,000". */
  readonly notes: string;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Resident memory when the window ended. */
  readonly commandApiMb: number;
  readonly projectorMb: number;
}

export interface BusyIncidentResult {
  readonly noteBytes: number;
  readonly windows: readonly BusyIncidentWindow[];
  /** The most each process held at any moment (VmHWM). */
  readonly peakCommandApiMb: number;
  readonly peakProjectorMb: number;
  /** How long the projector took, after the last note was answered, to show it. */
  readonly projectorBehindSeconds: number;
  /** GET /incidents/:id and one page of 50 work notes, on the wire (null: a build without that endpoint). */
  readonly incidentBytes: number;
  readonly notesPageBytes: number | null;
}

const WINDOW = 1_000;

/**
 * Issue 7's busy incident: `notes` work notes of `noteBytes` each on one incident, through the
 * command API (`connections` at a time), with the projector and the query API running as their
 * own processes. Command latency per 1,000 notes and each process's memory show whether the work
 * per command and per batch stays flat as the incident's history grows.
 */
export async function measureBusyIncident(notes = 10_000, noteBytes = 8_000, connections = 4): Promise<BusyIncidentResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-busy-'));
  const apps: BenchApp[] = [];
  try {
    const [commands, queries, projector] = await Promise.all([
      startBenchApp('command-api', dataDir),
      startBenchApp('query-api', dataDir),
      startBenchApp('projector', dataDir),
    ]);
    apps.push(commands, queries, projector);
    const token = benchToken('bench', 'agent');
    const incident = { title: 'Busy incident', description: 'Gathers notes', caller: 'bench', category: 'software', impact: 2, urgency: 2 };
    const id = String((await post(`${commands.url}/incidents`, token, incident)).body.id);
    const text = 'n'.repeat(noteBytes);
    const windows: BusyIncidentWindow[] = [];
    let lastPosition = '';
    for (let from = 0; from < notes; from += WINDOW) {
      const latencies: number[] = [];
      let next = from;
      const end = Math.min(from + WINDOW, notes);
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (next < end) {
            next += 1;
            const answer = await post(`${commands.url}/incidents/${id}/work-notes`, token, { text });
            latencies.push(answer.ms);
            if (String(answer.body.position) > lastPosition) lastPosition = String(answer.body.position);
          }
        }),
      );
      const label = `${(from + 1).toLocaleString('en')}–${end.toLocaleString('en')}`;
      windows.push({ notes: label, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), commandApiMb: commands.memory().rssMb, projectorMb: projector.memory().rssMb });
    }
    const answered = performance.now();
    const incidentBytes = (await readWhenProjected(`${queries.url}/incidents/${id}?consistentWith=${lastPosition}`, benchToken('bench', 'auditor'))) as number;
    const projectorBehindSeconds = Number(((performance.now() - answered) / 1000).toFixed(1));
    const notesPageBytes = await readWhenProjected(`${queries.url}/incidents/${id}/work-notes?limit=50&consistentWith=${lastPosition}`, benchToken('bench', 'auditor'));
    return {
      noteBytes,
      windows,
      peakCommandApiMb: commands.memory().peakMb,
      peakProjectorMb: projector.memory().peakMb,
      projectorBehindSeconds,
      incidentBytes,
      notesPageBytes,
    };
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** GETs until the read model has caught up (consistentWith answers 503 while it has not); answers the bytes. */
async function readWhenProjected(url: string, token: string): Promise<number | null> {
  for (;;) {
    const answer = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const text = await answer.text();
    if (answer.ok) return Buffer.byteLength(text);
    if (answer.status === 404) return null;
    if (answer.status !== 503) throw new Error(`GET ${url} answered ${answer.status}: ${text.slice(0, 300)}`);
  }
}
