import type { BusinessCalendarVersion, SlaPolicyVersion } from './sla-configuration';
import type { SlaMetric } from './sla-terms';

type Event<Type extends string, Data> = { readonly type: Type; readonly data: Readonly<Data> };

/** A version as an SLA fact names it. */
export interface VersionRef {
  readonly name: string;
  readonly version: number;
}

/**
 * The incident's service levels started (in the same append as its opening): the policy and the
 * calendar versions in force then, whole, so that its history says what it was held to however the
 * configuration changes later.
 */
export type SlaStarted = Event<'SlaStarted', {
  incidentId: string;
  policy: SlaPolicyVersion;
  calendars: readonly BusinessCalendarVersion[];
}>;

/** What a deadline fact says about the clock it is about. */
interface DeadlineFact {
  incidentId: string;
  metric: SlaMetric;
  cycle: number;
  policy: VersionRef;
  /** Null for a target in calendar time. */
  calendar: VersionRef | null;
  targetMs: number;
  /** When the target runs (or ran) out. */
  dueAt: string;
}

/** A running clock passed its at-risk share of the target (appended by the deadline watcher, once per cycle). */
export type SlaAtRisk = Event<'SlaAtRisk', DeadlineFact & { atRiskPercent: number; markAt: string }>;

/** A clock's time ran out at `dueAt` (appended by the deadline watcher, once per cycle, possibly later than that). */
export type SlaBreached = Event<'SlaBreached', DeadlineFact>;

export type SlaEvent = SlaStarted | SlaAtRisk | SlaBreached;
export const SLA_EVENT_TYPES = ['SlaStarted', 'SlaAtRisk', 'SlaBreached'] as const;
