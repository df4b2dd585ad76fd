import { problemStream, type ProblemRaised, type ProblemResolved } from '@itsm/domain';
import type { RecordedEvent } from '@itsm/event-store/port';
import { reactOnIncident } from './incident-reaction';
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
      const reaction = { type: 'ResumeIncidentForProblem' as const, data: { problemId, problemNumber } };
      if (await reactOnIncident(this.writer, resolution, incidentId, reaction, PROBLEM_RESOLUTION_ACTOR, 'problem-resolved', now)) resumed.push(incidentId);
    }
    return resumed;
  }
}
