/** Why an incident waits (its own file so that SLA policies can name them without the incident's events). */
export const HOLD_REASONS = ['awaiting_caller', 'awaiting_evidence', 'awaiting_change', 'awaiting_problem', 'awaiting_vendor'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];
