import type { Decider } from '../shared/decider';
import type { IncidentEvent } from '../incident/incident-events';
import { slaDeadlines, slaRanOutAt, type SlaClockRecord, type SlaState } from './incident-sla';
import type { SlaAtRisk, SlaBreached } from './sla-events';

/**
 * The deadline facts an incident is owed at `now` (the watcher's decision, from the state its own
 * stream folds to): `SlaBreached` for every cycle whose time ran out and is not yet recorded, running,
 * paused or stopped late; `SlaAtRisk` for a running cycle past its at-risk mark and not yet breached.
 * Once each per cycle: a fact already in the stream is never owed again. A cycle stopped in time owes
 * nothing, however late the watcher looks.
 */
export function slaFactsDue(state: SlaState, now: string): (SlaAtRisk | SlaBreached)[] {
  const { terms, incident } = state;
  if (terms === null || incident === null) return [];
  const nowMs = Date.parse(now);
  const owed: (SlaAtRisk | SlaBreached)[] = [];
  for (const record of [...state.ended, ...Object.values(state.current)]) {
    const { dueAt, atRiskAt } = slaDeadlines(terms, record);
    const ranOut = slaRanOutAt(terms, record, nowMs);
    const about = factAbout(state, record);
    if (ranOut !== null) {
      if (!record.breachRecorded) owed.push({ type: 'SlaBreached', data: { ...about, dueAt: new Date(ranOut).toISOString() } });
    } else if (!record.atRiskRecorded && atRiskAt !== null && atRiskAt <= nowMs && dueAt !== null) {
      owed.push({ type: 'SlaAtRisk', data: { ...about, dueAt: new Date(dueAt).toISOString(), atRiskPercent: terms.policy.atRiskPercent, markAt: new Date(atRiskAt).toISOString() } });
    }
  }
  return owed;
}

function factAbout(state: SlaState, record: SlaClockRecord) {
  const { policy, calendars } = state.terms!;
  const calendar = record.calendar === null ? null : calendars.find(({ name }) => name === record.calendar) ?? null;
  return {
    incidentId: state.incident!.incidentId,
    metric: record.metric,
    cycle: record.cycle,
    policy: { name: policy.name, version: policy.version },
    calendar: calendar === null ? null : { name: calendar.name, version: calendar.version },
    targetMs: record.targetMs,
  };
}

/**
 * Records the deadline facts the watcher found owed (`owed`, decided by slaFactsDue from the stream
 * it read): the command is appended at exactly the revision it was decided on, and this decider
 * drops any fact the stream already holds, so a fact lands once per cycle however many watchers run.
 */
export type RecordSlaDeadlines = { readonly type: 'RecordSlaDeadlines'; readonly incidentId: string; readonly owed: readonly (SlaAtRisk | SlaBreached)[] };

export const slaDeadlineDecider: Decider<RecordSlaDeadlines, IncidentEvent, ReadonlySet<string>> = {
  initialState: new Set<string>(),
  evolve: (recorded, event) => (event.type === 'SlaAtRisk' || event.type === 'SlaBreached' ? new Set(recorded).add(deadlineKey(event)) : recorded),
  decide: (command, recorded) => command.owed.filter((fact) => !recorded.has(deadlineKey(fact))),
};

function deadlineKey(fact: SlaAtRisk | SlaBreached): string {
  return `${fact.type}:${fact.data.metric}:${fact.data.cycle}`;
}
