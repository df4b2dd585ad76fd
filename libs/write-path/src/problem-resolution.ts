import type { ProblemIncidentUnlinked } from '@itsm/domain';
import type { RecordedEvent } from '@itsm/event-store/port';
import { problemAtFact, reactOnIncident } from './incident-reaction';
import type { WritePath } from './write-path';

/** Who the log names for what a problem's resolution does to its incidents. */
export const PROBLEM_RESOLUTION_ACTOR = 'system:problem-resolution';

/**
 * What a resolved problem does to its linked incidents: each one on hold awaiting that problem is
 * resumed, its IncidentResumed naming the problem as the cause. An incident unlinked while awaiting
 * the problem, or awaiting a problem cancelled, is resumed too: nothing would resume it otherwise. The command id derives from the
 * fact and the incident, so a repeat (a restart, a second projector) finds it recorded and appends
 * nothing; an incident not awaiting the problem is left as it is.
 */
/** The facts after which an incident awaiting the problem waits for nothing, and the cause each gives. */
const BECAUSE: Readonly<Record<string, 'problem_resolved' | 'problem_unlinked' | 'problem_cancelled'>> = {
  ProblemResolved: 'problem_resolved',
  ProblemIncidentUnlinked: 'problem_unlinked',
  ProblemCancelled: 'problem_cancelled',
};

export class ProblemResolutionReaction {
  constructor(private readonly writer: WritePath) {}

  /** The incidents resumed for this resolution by this call (none when already done or none awaited it). */
  async react(fact: RecordedEvent, now: Date): Promise<string[]> {
    const because = BECAUSE[fact.type];
    if (because === undefined) return [];
    const problem = await problemAtFact(this.writer, fact);
    const { problemId, problemNumber } = problem;
    const incidentIds = fact.type === 'ProblemIncidentUnlinked' ? [(fact.data as unknown as ProblemIncidentUnlinked['data']).incidentId] : problem.incidentIds;
    const resumed: string[] = [];
    for (const incidentId of incidentIds) {
      const reaction = { type: 'ResumeIncidentForProblem' as const, data: { problemId, problemNumber, because } };
      if (await reactOnIncident(this.writer, fact, incidentId, reaction, PROBLEM_RESOLUTION_ACTOR, because.replace('_', '-'), now)) resumed.push(incidentId);
    }
    return resumed;
  }
}
