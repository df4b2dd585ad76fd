import type { Priority, SlaMetric, SlaState } from '@itsm/domain';
import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import { projectionKey } from '../shared/projection-key';

export const SLA_CLOCKS = { name: 'sla_clocks', version: 1 } as const;
export const SLA_CLOCKS_KEY = projectionKey(SLA_CLOCKS);

/** One cycle of a clock, as the attainment report counts it. */
export interface SlaCycleLine {
  readonly cycle: number;
  readonly startedAt: string;
  readonly state: 'running' | 'paused' | 'stopped';
  /** Once stopped: when, and whether the target was met. */
  readonly stoppedAt: string | null;
  readonly met: boolean | null;
  /** When the time ran out if it did (as far as the facts show); when it runs out if it keeps running. */
  readonly breachedAt: string | null;
  readonly dueAt: string | null;
  readonly priority: Priority;
  readonly assignmentGroup: string | null;
}

/**
 * One metric (response or resolution) of one incident's service levels: `<incidentId>:<metric>`.
 * Deadlines are data; whether one has passed is decided against `now` by the query, never here.
 * The fields the board, the report and the watcher filter on are absent when they do not apply,
 * so a range over them finds only the documents they apply to.
 */
export interface SlaClockDocument extends StoredDocument {
  readonly incidentId: string;
  readonly number: string | null;
  readonly metric: SlaMetric;
  /** False for an incident no policy measures (its fold is kept: a later fact may still need it). */
  readonly measured: boolean;
  readonly policy: { readonly name: string; readonly version: number } | null;
  /** The latest cycle. */
  readonly cycle: number;
  readonly state: 'running' | 'paused' | 'stopped' | null;
  readonly priority: Priority | null;
  readonly assignmentGroup: string | null;
  readonly targetMs: number;
  /** Business time used up to `since` (the clock's last change). */
  readonly elapsedMs: number;
  readonly since: string | null;
  /** Running: when the time runs out, and when it is at risk. */
  readonly dueAt?: string;
  readonly atRiskAt?: string;
  /** What the board sorts by: the due date while running, the instant it ran out while paused after a breach. */
  readonly deadline?: string;
  /** From when the clock belongs on the board (at risk, or breached and on hold). */
  readonly onBoardFrom?: string;
  /** When the watcher next owes the incident a fact for this metric (SlaAtRisk or SlaBreached). */
  readonly nextFactAt?: string;
  /** Every cycle, for attainment: the first's and the latest's start bound the search. */
  readonly cycles: readonly SlaCycleLine[];
  readonly firstStartedAt?: string;
  readonly latestStartedAt?: string;
  /** The fold of the incident's facts (domain/sla/incident-sla.ts), the same in both metrics' documents. */
  readonly sla: SlaState;
}

export const SLA_CLOCKS_COLLECTION: CollectionDefinition = {
  name: SLA_CLOCKS_KEY,
  indexes: [
    { fields: ['deadline'] },
    { fields: ['assignmentGroup', 'deadline'] },
    { fields: ['priority', 'deadline'] },
    { fields: ['nextFactAt'] },
    { fields: ['latestStartedAt'] },
  ],
};
