export * from './event-store';
export * from './position';
export { canonicalJson } from './canonical-json';
export {
  deterministicId,
  eventIdFor,
  hashEvent,
  lastHashOf,
  sealEvents,
  verifyChain,
  type DomainEvent,
  type EventContext,
  type SealEventsInput,
} from './envelope';
export { MemoryEventStore, type MemoryEventStoreOptions } from './memory/memory-event-store';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export { EsdbEventStore, esdbPosition, parseEsdbPosition, type EsdbEventStoreOptions, type EsdbSubscriptionStatus } from './esdb';
