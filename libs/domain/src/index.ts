// The domain's public surface. Test helpers (testing/) and spec fixtures stay out: they are not shipped.
export * from './shared/decider';
export * from './shared/domain-error';
export * from './shared/record-numbers';
export * from './shared/zoned-time';
export * from './shared/effective-versions';
export * from './shared/event-schemas';
export * from './domain-event-schemas';
export * from './privacy/personal-data';

export * from './incident/priority-matrix';
export * from './incident/priority-matrices';
export * from './incident/incident-events';
export * from './incident/incident-upcasters';
export * from './incident/incident-personal-data';
export * from './incident/incident-commands';
// Also re-exports the incident state types, evolve and INCIDENT_ERROR_CODES.
export * from './incident/incident-decider';
export * from './configuration-item';
export * from './change';
export * from './sla/business-calendar';
export * from './sla/sla-clock';
export * from './sla/sla-configuration';
export * from './sla/incident-sla';
export * from './sla/sla-events';
export * from './sla/sla-terms';
export * from './sla/sla-deadline-facts';
export * from './compliance/change-conformance';
export * from './compliance/incident-conformance';
export * from './compliance/ci-change-conformance';
export * from './compliance/sla-conformance';
export * from './privacy/personal-data-erasure';
export * from './problem/problem-events';
export * from './problem/problem-commands';
// Also re-exports the problem state types, evolve and PROBLEM_ERROR_CODES.
export * from './problem/problem-decider';
export * from './compliance/problem-conformance';
export * from './projection-control/projection-control';
