import { INCIDENT_EVENT_SCHEMA_VERSION, incidentDecider, incidentStream, problemStream, type ProblemRaised, type ProblemResolved, type ResumeIncidentForProblem } from '@itsm/domain';
import { deterministicId, type RecordedEvent } from '@itsm/event-store/port';
import type { WritePath } from './write-path';

/** Who the log names for what a problem's resolution does to its incidents. */
export const PROBLEM_RESOLUTION_ACTOR = 'system:problem-resolution';

/**
 * What a resolved problem does to its linked incidents: each one on hold awaiting that problem is
 * resumed, its IncidentResumed naming the problem as the cause. The command id derives from the
 * resolution's event and the incident, so a repeat (a restart, a second projector) finds it
 * recorded and appends nothing; an incident not awaiting the problem is left as it is.
 */
export class ProblemResolutionReaction {
  constructor(private readonly writer: WritePath) {}

  /** The incidents resumed for this resolution by this call (none when already done or none awaited it). */
  async react(resolution: RecordedEvent, now: Date): Promise<string[]> {
    if (resolution.type !== 'ProblemResolved') return [];
    const { problemId, incidentIds } = resolution.data as unknown as ProblemResolved['data'];
    const [raised] = await this.writer.store.readStream(problemStream(problemId), { max: 1 });
    const problemNumber = (raised?.data as ProblemRaised['data'] | undefined)?.number ?? null;
    const resumed: string[] = [];
    for (const incidentId of incidentIds) {
      // Linked incidents exist (linking checks); one that does not has nothing to resume.
      if ((await this.writer.load(incidentDecider, incidentStream(incidentId))).revision < 0) continue;
      const commandId = deterministicId('problem-resolved', resolution.metadata.eventId, incidentId);
      const command: ResumeIncidentForProblem = { type: 'ResumeIncidentForProblem', incidentId, data: { problemId, problemNumber }, context: { actor: PROBLEM_RESOLUTION_ACTOR, now: now.toISOString() } };
      const outcome = await this.writer.execute({
        decider: incidentDecider,
        stream: incidentStream(incidentId),
        schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION,
        envelope: { commandId, correlationId: resolution.metadata.correlationId, causationId: resolution.metadata.eventId, actor: PROBLEM_RESOLUTION_ACTOR, occurredAt: now.toISOString(), repeatable: 'stream' },
        request: { type: command.type, data: { incidentId, ...command.data } },
        command: () => command,
      });
      if (!outcome.replayed && outcome.events.some((event) => event.type === 'IncidentResumed')) resumed.push(incidentId);
    }
    return resumed;
  }
}
