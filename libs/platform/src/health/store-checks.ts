import { integrityStatus, type EventStore } from '@itsm/event-store';
import { projectionLag } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import type { HealthCheck } from './health';

/** How far a scrape counts the events a projection has yet to apply (projection_lag_events). */
export { PENDING_EVENTS_COUNTED } from '@itsm/projections';

export const eventStoreCheck = (store: EventStore): HealthCheck => ({
  name: 'eventStore',
  run: async () => ({ up: true, headPosition: await store.headPosition() }),
});

export const readStoreCheck = (store: ReadStore): HealthCheck => ({
  name: 'readStore',
  run: async () => {
    await store.ping();
    return { up: true };
  },
});

/**
 * Whether the log is as it was recorded and signed, as last established: a raised integrity alarm
 * (from a command that found its stream's chain broken, or the projector's verifier) degrades every
 * app until a whole-log verification passes again. Never down: the apps keep serving.
 */
export const integrityCheck = (store: EventStore): HealthCheck => ({
  name: 'integrity',
  critical: false,
  run: async () => {
    const status = await integrityStatus(store);
    return status.state === 'intact' ? { up: true, state: 'intact' } : { up: true, degraded: true, ...status };
  },
});

/** How far each projection trails the log: the age of the oldest event it has not yet applied. */
export const projectionLagCheck = (
  events: EventStore,
  reads: ReadStore,
  projectionKeys: readonly string[],
  clock: () => Date,
  critical = true,
): HealthCheck => ({
  name: 'projections',
  critical,
  run: async (options) => {
    const lags = await Promise.all(projectionKeys.map((key) => projectionLag(events, reads, key, clock(), { countPending: options?.probe !== true })));
    return { up: true, projections: lags };
  },
});

/** What the projector and the query API report: both stores, the log's integrity and how far each read model trails. */
export const readSideChecks = (events: EventStore, reads: ReadStore, projectionKeys: readonly string[], clock: () => Date): HealthCheck[] => [
  eventStoreCheck(events),
  integrityCheck(events),
  readStoreCheck(reads),
  projectionLagCheck(events, reads, projectionKeys, clock),
];
