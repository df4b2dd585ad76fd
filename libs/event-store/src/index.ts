export * from './event-store';
export * from './position';
export { PositionBeyondHeadError } from './subscription/position-beyond-head';
export { canonicalJson } from './canonical-json';
/** Also used by the projection runner, whose waits stop with the same signals. */
export { sleep } from './subscription/signals';
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
