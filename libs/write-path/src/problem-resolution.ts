import type { ProblemIncidentUnlinked, ProblemResolved } from '@itsm/domain';
import type { RecordedEvent } from '@itsm/event-store/port';
import { problemNumberOf, reactOnIncident } from './incident-reaction';
import type { WritePath } from './write-path';

/** Who the log names for what a problem's resolution does to its incidents. */
export const PROBLEM_RESOLUTION_ACTOR = 'system:problem-resolution';

/**
 * What a resolved problem does to its linked incidents: each one on hold awaiting that problem is
 * resumed, its IncidentResumed naming the problem as the cause. An incident unlinked while awaiting
 * the problem is resumed too: nothing would resume it otherwise. The command id derives from the
 * fact and the incident, so a repeat (a restart, a second projector) finds it recorded and appends
 * nothing; an incident not awaiting the problem is left as it is.
 */
export class ProblemResolutionReaction {
  constructor(private readonly writer: WritePath) {}

  /** The incidents resumed for this resolution by this call (none when already done or none awaited it). */
  async react(fact: RecordedEvent, now: Date): Promise<string[]> {
    if (fact.type !== 'ProblemResolved' && fact.type !== 'ProblemIncidentUnlinked') return [];
    const resolved = fact.type === 'ProblemResolved';
    const { problemId } = fact.data as { problemId: string };
    const incidentIds = resolved ? (fact.data as unknown as ProblemResolved['data']).incidentIds : [(fact.data as unknown as ProblemIncidentUnlinked['data']).incidentId];
    const problemNumber = await problemNumberOf(this.writer, problemId);
    const because = resolved ? ('problem_resolved' as const) : ('problem_unlinked' as const);
    const resumed: string[] = [];
    for (const incidentId of incidentIds) {
      const reaction = { type: 'ResumeIncidentForProblem' as const, data: { problemId, problemNumber, because } };
      if (await reactOnIncident(this.writer, fact, incidentId, reaction, PROBLEM_RESOLUTION_ACTOR, resolved ? 'problem-resolved' : 'problem-unlinked', now)) resumed.push(incidentId);
    }
    return resumed;
  }
}
