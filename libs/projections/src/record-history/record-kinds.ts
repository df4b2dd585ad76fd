import {
  BLACKOUT_WINDOW_EVENT_TYPES,
  blackoutWindowStream,
  CHANGE_EVENT_TYPES,
  changeStream,
  CI_EVENT_TYPES,
  configurationItemStream,
  INCIDENT_CHANGE_TYPES,
  incidentStream,
  PROBLEM_EVENT_TYPES,
  problemStream,
} from '@itsm/domain';
import type { RecordedEvent } from '@itsm/event-store/port';
import type { StoredDocument } from '@itsm/read-store/port';
import { evolveBlackoutWindowDocument } from '../blackout-windows/blackout-window-projection';
import { evolveChangeRecord } from '../change-records/change-record-projection';
import { evolveConfigurationItemDetail } from '../configuration-items/configuration-items-projection';
import { evolveIncidentDetail } from '../incident-detail/incident-detail-projection';
import { evolveProblemRecord } from '../problem-records/problem-record-projection';
import type { FieldChange } from './field-changes';

/** A record as its read model holds it, without the runner's position stamp. */
export type RecordState = Omit<StoredDocument, '_position'> & Readonly<Record<string, unknown>>;

/**
 * A kind of ticket whose history and past states are read from its stream: the stream it lives in,
 * and the fold of its own events into the record its read model serves (the same evolve the
 * projector runs, so a state folded here is the state the read model had then).
 */
export interface RecordKind {
  readonly name: RecordKindName;
  /** As error codes say it: `incident.not_found`. */
  readonly noun: string;
  stream(id: string): string;
  evolve(state: RecordState | null, event: RecordedEvent): RecordState | null;
  /** What a fact changed that the record itself does not hold (a CI's relationships are kept apart, ADR 13). */
  factChanges(event: RecordedEvent, direction: 'own' | 'inbound'): FieldChange[];
}

export const RECORD_KIND_NAMES = ['incident', 'change', 'ci', 'blackout-window', 'problem'] as const;
export type RecordKindName = (typeof RECORD_KIND_NAMES)[number];

type Evolve = (document: never, event: never) => unknown;

/** Only the kind's own event types are folded: anything else in its stream leaves the record as it is. */
function kind(name: RecordKindName, noun: string, stream: (id: string) => string, types: readonly string[], evolve: Evolve, factChanges: RecordKind['factChanges'] = () => []): RecordKind {
  const handled = new Set(types);
  return {
    name,
    noun,
    stream,
    factChanges,
    evolve: (state, event) => (handled.has(event.type) ? ((evolve as (d: unknown, e: unknown) => RecordState | null)(state, event) ?? state) : state),
  };
}

export const RECORD_KINDS: Readonly<Record<RecordKindName, RecordKind>> = {
  incident: kind('incident', 'incident', incidentStream, INCIDENT_CHANGE_TYPES, evolveIncidentDetail as Evolve, slaChanges),
  change: kind('change', 'change', changeStream, CHANGE_EVENT_TYPES, evolveChangeRecord as Evolve),
  ci: kind('ci', 'ci', configurationItemStream, CI_EVENT_TYPES, evolveConfigurationItemDetail as Evolve, relationshipChanges),
  'blackout-window': kind('blackout-window', 'blackout_window', blackoutWindowStream, BLACKOUT_WINDOW_EVENT_TYPES, evolveBlackoutWindowDocument as Evolve),
  problem: kind('problem', 'problem', problemStream, PROBLEM_EVENT_TYPES, evolveProblemRecord as Evolve),
};

/**
 * A service-level fact, which changes nothing of the incident's own fields: what it says, as a change
 * of the incident's SLA (`sla.policy` started on a version; `sla.response` at risk or breached).
 */
function slaChanges(event: RecordedEvent): FieldChange[] {
  if (event.type === 'SlaStarted') {
    const { policy } = event.data as { policy: { name: string; version: number } };
    return [{ field: 'sla.policy', from: null, to: `${policy.name}@${policy.version}` }];
  }
  if (event.type !== 'SlaAtRisk' && event.type !== 'SlaBreached') return [];
  const { metric } = event.data as { metric: string };
  return [{ field: `sla.${metric}`, from: null, to: event.type === 'SlaAtRisk' ? 'at_risk' : 'breached' }];
}

/**
 * A relationship fact, as the CI on either end sees it: recorded on the source's stream, it is the
 * source's outbound relationship and the target's inbound one.
 */
function relationshipChanges(event: RecordedEvent, direction: 'own' | 'inbound'): FieldChange[] {
  if (event.type !== 'ConfigurationItemRelationshipAdded' && event.type !== 'ConfigurationItemRelationshipRemoved') return [];
  const data = event.data as { ciId: string; type: string; targetCiId: string };
  const relationship = direction === 'own' ? { direction: 'outbound', type: data.type, ciId: data.targetCiId } : { direction: 'inbound', type: data.type, ciId: data.ciId };
  const added = event.type === 'ConfigurationItemRelationshipAdded';
  return [{ field: 'relationships', from: added ? null : relationship, to: added ? relationship : null }];
}
