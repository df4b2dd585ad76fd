import { DEFAULT_PRIORITY_MATRIX, INCIDENT_EVENT_SCHEMA_VERSION, incidentStream, priorityOf, type IncidentEvent } from '@itsm/domain';
import { sealEvents, type EventStore, type Json } from '@itsm/event-store';

export const GROUPS = ['service-desk', 'network', 'database', 'desk-side', 'payroll-apps', 'email'];

/** Incident `n`'s id in a space of its own (`space`: one hex digit), so two seeds never share a stream. */
export const seededIncidentId = (space: string, n: number) => `00000000-0000-4000-${space}000-${n.toString().padStart(12, '0')}`;

/** Numbers from INC9000000 up: out of the range the command API hands out in a run, so no number is held twice. */
const seededNumber = (n: number) => `INC${9_000_000 + n}`;

/** The facts of an incident as the command API records them: opened (numbered) in a group, a third assigned, then `notes` work notes. */
export function incidentFacts(incidentId: string, n: number, notes: number): IncidentEvent[] {
  const impact = ((n % 3) + 1) as 1 | 2 | 3;
  const urgency = (((n >> 2) % 3) + 1) as 1 | 2 | 3;
  const group = GROUPS[n % GROUPS.length] as string;
  const facts: IncidentEvent[] = [
    { type: 'IncidentOpened', data: { incidentId, title: `Incident ${n}`, description: 'Synthetic', caller: `caller-${n % 500}`, category: 'software', impact, urgency, priority: priorityOf(DEFAULT_PRIORITY_MATRIX, impact, urgency), priorityMatrixVersion: DEFAULT_PRIORITY_MATRIX.version, configurationItemId: null, assignmentGroup: group, number: seededNumber(n) } },
  ];
  if (n % 3 === 0) facts.push({ type: 'IncidentAssigned', data: { incidentId, assignmentGroup: group, assignee: `agent-${n % 40}`, startedWork: true } });
  for (let i = 0; i < notes; i++) facts.push({ type: 'IncidentWorkNoteAdded', data: { incidentId, text: `Note ${i}` } });
  return facts;
}

/**
 * `count` incidents appended straight to the log, sealed into their chains as the write path seals them,
 * 500 streams at a time; `factsOf(n)` says each one's facts. Answers the events appended.
 */
export async function seedIncidents(store: EventStore, count: number, space: string, factsOf: (incidentId: string, n: number) => IncidentEvent[]): Promise<number> {
  let appended = 0;
  for (let start = 0; start < count; start += 500) {
    const appends = [];
    for (let n = start; n < Math.min(count, start + 500); n++) {
      const incidentId = seededIncidentId(space, n);
      const stream = incidentStream(incidentId);
      const id = `seed-${space}-${n}`;
      const occurredAt = new Date(Date.UTC(2026, 0, 1) + n * 1_000).toISOString();
      const sealed = sealEvents({ stream, events: factsOf(incidentId, n).map((e) => ({ type: e.type, data: e.data as unknown as Json })), previousHash: null, schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION, context: { actor: 'bench', occurredAt, commandId: id, commandType: 'Seed', correlationId: id, causationId: id } });
      appended += sealed.length;
      appends.push(store.append(stream, sealed, 'no_stream'));
    }
    await Promise.all(appends);
  }
  return appended;
}
