import { BLACKOUT_WINDOW_EVENT_SCHEMA_VERSION, BLACKOUT_WINDOW_EVENT_TYPES } from './change/blackout-window-events';
import { CHANGE_EVENT_SCHEMA_VERSION, CHANGE_EVENT_TYPES } from './change/change-events';
import { CI_EVENT_SCHEMA_VERSION, CI_EVENT_TYPES } from './configuration-item/ci-events';
import { CI_NAME_EVENT_TYPES } from './configuration-item/ci-name-registry';
import { INCIDENT_EVENT_SCHEMA_VERSION, INCIDENT_EVENT_TYPES } from './incident/incident-events';
import { INCIDENT_UPCASTERS } from './incident/incident-upcasters';
import { PROBLEM_EVENT_SCHEMA_VERSION, PROBLEM_EVENT_TYPES } from './problem/problem-events';
import { PROJECTION_CONTROL_SCHEMA_VERSION, type ProjectionControlEvent } from './projection-control/projection-control';
import { EventSchemaRegistry, type EventFamily } from './shared/event-schemas';

/**
 * Every event family whose shapes the domain tracks (ADR 21): the version each is written at now
 * and the steps of its shapes. The event store reads through it: an older event reads in the
 * current shape, and one written at a version above these is refused. A type not named here
 * (the platform's own facts: checkpoints, record numbers, idempotency keys) is read as stored.
 */
export const DOMAIN_EVENT_FAMILIES: readonly EventFamily[] = [
  // The SLA facts are written on the incident's stream, at its version.
  { name: 'incident', version: INCIDENT_EVENT_SCHEMA_VERSION, types: INCIDENT_EVENT_TYPES, upcasters: INCIDENT_UPCASTERS },
  { name: 'problem', version: PROBLEM_EVENT_SCHEMA_VERSION, types: PROBLEM_EVENT_TYPES, upcasters: [] },
  { name: 'change', version: CHANGE_EVENT_SCHEMA_VERSION, types: CHANGE_EVENT_TYPES, upcasters: [] },
  { name: 'blackout window', version: BLACKOUT_WINDOW_EVENT_SCHEMA_VERSION, types: BLACKOUT_WINDOW_EVENT_TYPES, upcasters: [] },
  { name: 'configuration item', version: CI_EVENT_SCHEMA_VERSION, types: [...CI_EVENT_TYPES, ...CI_NAME_EVENT_TYPES], upcasters: [] },
  { name: 'projection control', version: PROJECTION_CONTROL_SCHEMA_VERSION, types: ['ProjectionPaused', 'ProjectionResumed'] satisfies ProjectionControlEvent['type'][], upcasters: [] },
];

export const DOMAIN_EVENT_SCHEMAS = new EventSchemaRegistry(DOMAIN_EVENT_FAMILIES);
