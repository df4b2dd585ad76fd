import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_PRIORITY_MATRIX, INCIDENT_EVENT_SCHEMA_VERSION, incidentStream, priorityOf, type IncidentEvent } from '@itsm/domain';
import { hasReached, sealEvents, SqliteEventStore, type EventStore, type Json } from '@itsm/event-store';
import { ALL_PROJECTIONS, ProjectionRunner, type AnyProjection } from '@itsm/projections';
import { SqliteReadStore } from '@itsm/read-store';

export interface RebuildResult {
  readonly projections: string;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
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

async function rebuild(events: SqliteEventStore, dataDir: string, projections: readonly AnyProjection[], name: string): Promise<RebuildResult> {
  const reads = SqliteReadStore.open({ filename: path.join(dataDir, `rebuild-${name}.sqlite`) });
  const head = (await events.headPosition()) as string;
  const runners = projections.map((projection) => new ProjectionRunner(events, reads, projection, { maxBatchSize: 500 }));
  const started = performance.now();
  runners.forEach((runner) => runner.start());
  while (!runners.every((runner) => hasReached(runner.status().checkpoint, head))) await new Promise((resolve) => setTimeout(resolve, 5));
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(runners.map((runner) => runner.stop()));
  await reads.close();
  const count = Number(head);
  return { projections: name, events: count, seconds: Number(seconds.toFixed(2)), eventsPerSecond: Math.round(count / seconds) };
}

/** A full rebuild from an empty read store: every projection alone, then all together as the projector runs them. */
export async function measureProjectionRebuild(incidents: number): Promise<{ seedSeconds: number; results: RebuildResult[] }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'itsm-rebuild-'));
  const events = SqliteEventStore.open({ filename: path.join(dataDir, 'events.sqlite') });
  try {
    const seedStart = performance.now();
    await seedIncidentLog(events, incidents);
    const seedSeconds = Number(((performance.now() - seedStart) / 1000).toFixed(2));
    const results: RebuildResult[] = [];
    for (const projection of ALL_PROJECTIONS) results.push(await rebuild(events, dataDir, [projection], projection.name));
    results.push(await rebuild(events, dataDir, ALL_PROJECTIONS, 'all (as the projector runs them)'));
    return { seedSeconds, results };
  } finally {
    await events.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
