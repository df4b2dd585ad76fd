import { INCIDENT_EVENT_SCHEMA_VERSION, incidentDecider, incidentStream, problemStream, type IncidentCommand, type ProblemEvent } from '@itsm/domain';
import { deterministicId, type RecordedEvent } from '@itsm/event-store/port';
import type { WritePath } from './write-path';

/** The command a reaction decides on one incident, without its incident id and context. */
type Reaction = { readonly [T in IncidentCommand['type']]: { readonly type: T; readonly data: Extract<IncidentCommand, { type: T }>['data'] } }[IncidentCommand['type']];

/**
 * One step of a projector reaction: `reaction` decided on an incident because of `fact`, by
 * `actor`. The command id derives from the fact, `purpose` and the incident, so a repeat (a restart,
 * a second projector) finds it recorded and appends nothing; the causation is the fact. An incident
 * never opened is passed over. Answers whether this call recorded something new.
 */
export async function reactOnIncident(writer: WritePath, fact: RecordedEvent, incidentId: string, reaction: Reaction, actor: string, purpose: string, now: Date): Promise<boolean> {
  if ((await writer.load(incidentDecider, incidentStream(incidentId))).revision < 0) return false;
  const command = { ...reaction, incidentId, context: { actor, now: now.toISOString() } } as IncidentCommand;
  const outcome = await writer.execute({
    decider: incidentDecider,
    stream: incidentStream(incidentId),
    schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION,
    envelope: { commandId: deterministicId(purpose, fact.metadata.eventId, incidentId), correlationId: fact.metadata.correlationId, causationId: fact.metadata.eventId, actor, occurredAt: now.toISOString(), repeatable: 'stream' },
    request: { type: reaction.type, data: { incidentId, ...reaction.data } },
    command: () => command,
  });
  return !outcome.replayed && outcome.events.length > 0;
}

/** What a reaction needs of a problem as it stood at one of its facts: its number, incidents and workaround then. */
export async function problemAtFact(writer: WritePath, fact: RecordedEvent): Promise<{ problemId: string; problemNumber: string | null; incidentIds: readonly string[]; workaround: string | null }> {
  const problemId = (fact.data as { problemId: string }).problemId;
  const upTo = await writer.store.readStream(problemStream(problemId), { max: fact.revision + 1 });
  let problemNumber: string | null = null;
  let incidentIds: readonly string[] = [];
  let workaround: string | null = null;
  for (const { type, data } of upTo as unknown as ProblemEvent[]) {
    if (type === 'ProblemRaised') [problemNumber, incidentIds] = [data.number, data.incidentIds];
    if (type === 'ProblemIncidentLinked') incidentIds = [...incidentIds, data.incidentId];
    if (type === 'ProblemIncidentUnlinked') incidentIds = incidentIds.filter((id) => id !== data.incidentId);
    if (type === 'ProblemWorkaroundRecorded') workaround = data.workaround;
  }
  return { problemId, problemNumber, incidentIds, workaround };
}
