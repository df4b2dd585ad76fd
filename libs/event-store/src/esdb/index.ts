export { EsdbEventStore, type EsdbEventStoreOptions } from './esdb-event-store';
export { esdbPosition, parseEsdbPosition } from './esdb-position';
export type { EsdbSubscriptionStatus, ReconnectPolicy } from './esdb-subscription';
