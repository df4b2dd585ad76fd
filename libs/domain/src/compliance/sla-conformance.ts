import { evolveSla, incidentSla, RECORDED_TERMS, SLA_NOT_STARTED, slaRanOutAt, type SlaClockRecord, type SlaMetric, type SlaStep } from '../sla/incident-sla';
import type { Nonconformity } from './change-conformance';
import type { RecordedIncidentFactAt } from './incident-conformance';

/**
 * ISO/IEC 20000-1 clause 8.3.3 (service level management), read from one incident's facts: each SLA
 * clock cycle that started in the period with its verdict at the period's end, each breach in the
 * period with the steps of its timeline that led to it, and a breach the arithmetic shows but no
 * SlaBreached fact records (the deadline watcher did not) as a nonconformity.
 */
export interface SlaCycleEvidence {
  readonly incidentId: string;
  readonly number: string | null;
  readonly metric: SlaMetric;
  readonly cycle: number;
  readonly policy: string;
  readonly priority: number;
  readonly assignmentGroup: string | null;
  readonly startedAt: string;
  readonly verdict: 'met' | 'breached' | 'in_progress';
}

export interface SlaBreachEvidence {
  readonly incidentId: string;
  readonly number: string | null;
  readonly metric: SlaMetric;
  readonly cycle: number;
  readonly policy: string;
  readonly targetMs: number;
  /** When the time ran out. */
  readonly at: string;
  /** The steps of the cycle's timeline up to the breach: starts, pauses, resumes, retargets. */
  readonly causes: readonly { readonly kind: SlaStep['kind']; readonly at: string; readonly elapsedMs: number; readonly causedBy: string | null }[];
  /** The SlaBreached fact that records it; null when none does. */
  readonly recordedAt: string | null;
}

export const SLA_NONCONFORMITIES = {
  breach_not_recorded: 'A service level ran out and no SlaBreached fact records it by the end of the period.',
} as const;

export function slaConformance(facts: readonly RecordedIncidentFactAt[], period: { readonly from: string; readonly to: string }): { readonly cycles: readonly SlaCycleEvidence[]; readonly breaches: readonly SlaBreachEvidence[]; readonly nonconformities: readonly Nonconformity[] } {
  const upToEnd = facts.filter((fact) => fact.occurredAt < period.to).map(({ revision, occurredAt, event }) => ({ revision, occurredAt, event }));
  const state = upToEnd.reduce((sla, fact) => evolveSla(sla, fact, RECORDED_TERMS), SLA_NOT_STARTED);
  const { terms, incident } = state;
  if (terms === null || incident === null) return { cycles: [], breaches: [], nonconformities: [] };
  const policy = `${terms.policy.name}@${terms.policy.version}`;
  const endMs = Date.parse(period.to);
  const ranOut = (record: SlaClockRecord) => slaRanOutAt(terms, record, endMs);
  const records = [...state.ended, ...Object.values(state.current)];
  const cycles: SlaCycleEvidence[] = records
    .filter((record) => iso(record.startedAt) >= period.from && iso(record.startedAt) < period.to)
    .map((record) => ({
      incidentId: incident.incidentId, number: incident.number, metric: record.metric, cycle: record.cycle, policy, priority: record.priority, assignmentGroup: record.assignmentGroup, startedAt: iso(record.startedAt),
      verdict: ranOut(record) !== null ? 'breached' : record.state === 'stopped' ? 'met' : 'in_progress',
    }));
  const steps = incidentSla(upToEnd, RECORDED_TERMS, period.to).steps;
  const recordedBreaches = facts.filter(({ event, occurredAt }) => event.type === 'SlaBreached' && occurredAt < period.to);
  const breaches: SlaBreachEvidence[] = [];
  const nonconformities: Nonconformity[] = [];
  for (const record of records) {
    const out = ranOut(record);
    if (out === null || iso(out) < period.from || iso(out) >= period.to) continue;
    const recorded = recordedBreaches.find(({ event }) => event.type === 'SlaBreached' && event.data.metric === record.metric && event.data.cycle === record.cycle);
    const causes = steps
      .filter((step) => step.metric === record.metric && step.cycle === record.cycle && step.kind !== 'breached' && step.kind !== 'stopped' && step.at <= iso(out))
      .map(({ kind, at, elapsedMs, causedBy }) => ({ kind, at, elapsedMs, causedBy: causedBy?.type ?? null }));
    breaches.push({ incidentId: incident.incidentId, number: incident.number, metric: record.metric, cycle: record.cycle, policy, targetMs: record.targetMs, at: iso(out), causes, recordedAt: recorded?.occurredAt ?? null });
    if (recorded === undefined) {
      const opening = facts[0]!;
      nonconformities.push({ clause: '8.3.3', kind: 'breach_not_recorded', record: { kind: 'incident', id: incident.incidentId, number: incident.number }, at: iso(out), detail: `The ${record.metric} target of cycle ${record.cycle} ran out at ${iso(out)}; no SlaBreached records it.`, positions: [opening.position] });
    }
  }
  return { cycles, breaches, nonconformities };
}

export interface SlaAttainmentRow {
  readonly by: 'policy' | 'group' | 'priority';
  readonly key: string;
  readonly metric: SlaMetric;
  readonly met: number;
  readonly breached: number;
  readonly inProgress: number;
  /** met ÷ (met + breached), %, one decimal; null when none has a verdict. */
  readonly percentage: number | null;
}

/** Attainment of the period's cycles per policy, group and priority, per metric, in a fixed order. */
export function slaAttainmentRows(cycles: readonly SlaCycleEvidence[]): SlaAttainmentRow[] {
  const rows = new Map<string, { by: SlaAttainmentRow['by']; key: string; metric: SlaMetric; met: number; breached: number; inProgress: number }>();
  for (const cycle of cycles) {
    for (const [by, key] of [['policy', cycle.policy], ['group', cycle.assignmentGroup ?? '(none)'], ['priority', String(cycle.priority)]] as const) {
      const id = `${by}\u0000${key}\u0000${cycle.metric}`;
      const row = rows.get(id) ?? { by, key, metric: cycle.metric, met: 0, breached: 0, inProgress: 0 };
      if (cycle.verdict === 'met') row.met++;
      else if (cycle.verdict === 'breached') row.breached++;
      else row.inProgress++;
      rows.set(id, row);
    }
  }
  const order = { policy: 0, group: 1, priority: 2 } as const;
  return [...rows.values()]
    .sort((a, b) => order[a.by] - order[b.by] || a.key.localeCompare(b.key) || a.metric.localeCompare(b.metric))
    .map((row) => ({ ...row, percentage: row.met + row.breached === 0 ? null : Math.round((row.met / (row.met + row.breached)) * 1000) / 10 }));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
