import type { StoredEventData, Upcaster } from '../shared/event-schemas';

/**
 * The steps the incident events' shapes took, each read from every older event (ADR 21). Deciders,
 * folds and projections see the current shape only; the log keeps what was written.
 */
export const INCIDENT_UPCASTERS: readonly Upcaster[] = [
  { type: 'IncidentAssigned', version: 9, upcast: startedWorkStated },
  { type: 'IncidentReassigned', version: 9, upcast: startedWorkStated },
];

/**
 * Schema 9: an assignment says whether it started the work. Before, an assignment that named an
 * assignee on a new incident moved it into progress and said nothing of it (up to version 4), and
 * one that did not said `startsWork: false` (from version 5), so the fact's meaning hung on a rule
 * every reader had to know, and an auditor reading it saw no difference. Derived from what was
 * written: no `startsWork` and an assignee named is an assignment that started the work.
 */
function startedWorkStated(data: StoredEventData): StoredEventData {
  // Data that already says it (a fixture labelled older than its shape) is left as it is: a step never overrides what a fact states.
  if (!isObject(data) || data['startedWork'] !== undefined) return data;
  const { startsWork, ...rest } = data;
  return { ...rest, startedWork: startsWork === undefined && rest['assignee'] !== null && rest['assignee'] !== undefined };
}

function isObject(data: StoredEventData): data is { readonly [field: string]: StoredEventData } {
  return typeof data === 'object' && data !== null && !Array.isArray(data);
}
