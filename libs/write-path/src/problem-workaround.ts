import { problemStream, type ProblemEvent, type ProblemIncidentUnlinked } from '@itsm/domain';
import type { RecordedEvent } from '@itsm/event-store/port';
import { problemNumberOf, reactOnIncident } from './incident-reaction';
import type { WritePath } from './write-path';

/** Who the log names for a workaround told to an incident. */
export const PROBLEM_WORKAROUND_ACTOR = 'system:problem-workaround';

/**
 * What a problem's workaround does to its incidents: each live incident it causes is told it
 * (IncidentWorkaroundPublished), when the workaround is recorded, and when an incident is linked to a
 * problem that has one; an incident unlinked has it withdrawn (IncidentWorkaroundWithdrawn). Ids
 * derive from the problem's fact and the incident, so a repeat appends nothing.
 */
export class ProblemWorkaroundReaction {
  constructor(private readonly writer: WritePath) {}

  /** The incidents told by this call. */
  async react(fact: RecordedEvent, now: Date): Promise<string[]> {
    if (fact.type === 'ProblemIncidentUnlinked') return this.withdraw(fact, now);
    if (fact.type !== 'ProblemWorkaroundRecorded' && fact.type !== 'ProblemIncidentLinked') return [];
    const problemId = (fact.data as { problemId: string }).problemId;
    // The problem as it stood at this fact: its number, incidents and workaround then.
    const upTo = await this.writer.store.readStream(problemStream(problemId), { max: fact.revision + 1 });
    let problemNumber: string | null = null;
    let incidentIds: readonly string[] = [];
    let workaround: string | null = null;
    for (const { type, data } of upTo as unknown as ProblemEvent[]) {
      if (type === 'ProblemRaised') [problemNumber, incidentIds] = [data.number, data.incidentIds];
      if (type === 'ProblemIncidentLinked') incidentIds = [...incidentIds, data.incidentId];
      if (type === 'ProblemIncidentUnlinked') incidentIds = incidentIds.filter((id) => id !== data.incidentId);
      if (type === 'ProblemWorkaroundRecorded') workaround = data.workaround;
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

  /** An incident unlinked is no longer caused by the problem: a workaround it was told is withdrawn, the reason given. */
  private async withdraw(fact: RecordedEvent, now: Date): Promise<string[]> {
    const { problemId, incidentId, reason } = fact.data as ProblemIncidentUnlinked['data'];
    const problemNumber = await problemNumberOf(this.writer, problemId);
    const reaction = { type: 'WithdrawWorkaround' as const, data: { problemId, problemNumber, reason } };
    return (await reactOnIncident(this.writer, fact, incidentId, reaction, PROBLEM_WORKAROUND_ACTOR, 'workaround-withdrawn', now)) ? [incidentId] : [];
  }
}
