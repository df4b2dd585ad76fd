import type { Priority } from '../incident/priority-matrix';
import { calendarInForce, policyFor, type BusinessCalendarVersion, type SlaConfiguration, type SlaPolicyVersion } from './sla-configuration';

export type SlaMetric = 'response' | 'resolution';

/**
 * What an incident's service levels are measured against, fixed when its SLA starts: the policy
 * version in force then and the versions of the calendars it names. Recorded whole on the incident's
 * stream (SlaStarted), so the incident's own history says what it was held to, and a projection or
 * the deadline watcher measures it without the configuration stream.
 */
export interface SlaTerms {
  readonly policy: SlaPolicyVersion;
  readonly calendars: readonly BusinessCalendarVersion[];
}

/** The terms for an incident whose SLA starts at `at`; null when no policy in force measures it. */
export function slaTermsFor(
  configuration: SlaConfiguration,
  incident: { readonly priority: Priority; readonly assignmentGroup: string | null; readonly configurationItemId: string | null },
  at: string,
): SlaTerms | null {
  const policy = policyFor(configuration, incident, at);
  if (policy === null) return null;
  const named = new Set(policy.targets.flatMap(({ response, resolution }) => [response.calendar, resolution.calendar]).filter((name): name is string => name !== null));
  const calendars = [...named].sort().flatMap((name) => calendarInForce(configuration, name, at) ?? []);
  return { policy, calendars };
}
