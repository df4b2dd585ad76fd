import type { ProblemCancelled, ProblemIncidentUnlinked } from '@itsm/domain';
import type { RecordedEvent } from '@itsm/event-store/port';
import { problemAtFact, reactOnIncident } from './incident-reaction';
import type { WritePath } from './write-path';

/** Who the log names for a workaround told to an incident. */
export const PROBLEM_WORKAROUND_ACTOR = 'system:problem-workaround';

/**
 * What a problem's workaround does to its incidents: each live incident it causes is told it
 * (IncidentWorkaroundPublished), when the workaround is recorded, and when an incident is linked to a
 * problem that has one. It is withdrawn (IncidentWorkaroundWithdrawn) from an incident unlinked, and
 * from every incident of a problem cancelled. Ids derive from the problem's fact and the incident, so
 * a repeat appends nothing.
 */
export class ProblemWorkaroundReaction {
  constructor(private readonly writer: WritePath) {}

  /** The incidents told by this call. */
  async react(fact: RecordedEvent, now: Date): Promise<string[]> {
    if (fact.type !== 'ProblemWorkaroundRecorded' && fact.type !== 'ProblemIncidentLinked' && fact.type !== 'ProblemIncidentUnlinked' && fact.type !== 'ProblemCancelled') return [];
    // The problem as it stood at this fact: its number, incidents and workaround then.
    const { problemId, problemNumber, incidentIds, workaround } = await problemAtFact(this.writer, fact);
    if (fact.type === 'ProblemIncidentUnlinked') {
      const { incidentId, reason } = fact.data as ProblemIncidentUnlinked['data'];
      return this.withdraw(fact, [incidentId], { problemId, problemNumber, reason }, now);
    }
    if (fact.type === 'ProblemCancelled') {
      const reason = `The problem was cancelled: ${(fact.data as ProblemCancelled['data']).reason}`;
      return this.withdraw(fact, incidentIds, { problemId, problemNumber, reason }, now);
    }
    if (workaround === null) return [];
    const told = fact.type === 'ProblemIncidentLinked' ? [(fact.data as { incidentId: string }).incidentId] : incidentIds;
    const published: string[] = [];
    for (const incidentId of told) {
      const reaction = { type: 'PublishWorkaround' as const, data: { problemId, problemNumber, workaround } };
      if (await reactOnIncident(this.writer, fact, incidentId, reaction, PROBLEM_WORKAROUND_ACTOR, 'workaround-published', now)) published.push(incidentId);
    }
    return published;
  }

  /** Incidents the problem no longer causes have a workaround they were told withdrawn, the reason given. */
  private async withdraw(fact: RecordedEvent, incidentIds: readonly string[], data: { problemId: string; problemNumber: string | null; reason: string }, now: Date): Promise<string[]> {
    const withdrawn: string[] = [];
    for (const incidentId of incidentIds) {
      if (await reactOnIncident(this.writer, fact, incidentId, { type: 'WithdrawWorkaround', data }, PROBLEM_WORKAROUND_ACTOR, 'workaround-withdrawn', now)) withdrawn.push(incidentId);
    }
    return withdrawn;
  }
}
