import { evolveSla, INCIDENT_EVENT_SCHEMA_VERSION, incidentStream, RECORDED_TERMS, SLA_NOT_STARTED, slaDeadlineDecider, slaFactsDue, type IncidentEvent } from '@itsm/domain';
import { ConcurrencyError, deterministicId } from '@itsm/event-store/port';
import type { WritePath } from './write-path';

/** Who the log names for the deadline facts. */
export const SLA_WATCHER_ACTOR = 'system:sla-deadline-watcher';

/** What the watcher did for one incident: nothing owed, facts recorded, or a race lost (looked at again next time). */
export type SlaDeadlineOutcome = { readonly kind: 'none' } | { readonly kind: 'recorded'; readonly types: readonly string[] } | { readonly kind: 'conflict' };

/**
 * Appends the SlaAtRisk and SlaBreached facts an incident is owed at `now`, decided from its stream
 * as the log holds it (never from a read model, which may lag: an incident resolved in time but not
 * yet projected owes nothing). The append is pinned to the revision read, so a fact decided on a
 * stream that moved meanwhile is decided again next time instead of landing beside a newer one.
 */
export class SlaDeadlineRecorder {
  constructor(private readonly writer: WritePath) {}

  async record(incidentId: string, now: Date): Promise<SlaDeadlineOutcome> {
    const stream = incidentStream(incidentId);
    const recorded = await this.writer.store.readStream(stream);
    const last = recorded.at(-1);
    if (last === undefined) return { kind: 'none' };
    const state = recorded.reduce(
      (sla, event) => evolveSla(sla, { revision: event.revision, occurredAt: event.metadata.occurredAt, event: { type: event.type, data: event.data } as IncidentEvent }, RECORDED_TERMS),
      SLA_NOT_STARTED,
    );
    const owed = slaFactsDue(state, now.toISOString());
    if (owed.length === 0) return { kind: 'none' };
    const commandId = deterministicId(stream, 'sla-deadlines', String(last.revision));
    try {
      const outcome = await this.writer.execute({
        decider: slaDeadlineDecider,
        stream,
        schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION,
        envelope: { commandId, correlationId: commandId, actor: SLA_WATCHER_ACTOR, occurredAt: now.toISOString(), expectedRevision: last.revision },
        request: { type: 'RecordSlaDeadlines', data: { incidentId, owed } },
        command: () => ({ type: 'RecordSlaDeadlines' as const, incidentId, owed }),
      });
      return { kind: 'recorded', types: outcome.events.map((event) => event.type) };
    } catch (error) {
      if (error instanceof ConcurrencyError) return { kind: 'conflict' };
      throw error;
    }
  }
}
