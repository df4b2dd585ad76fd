/**
 * The event store port without its adapters: what the domain-side libs (projections, the write
 * path) may load. `@itsm/event-store` adds the adapters, for the wiring and for tests.
 */
export * from './event-store';
export * from './position';
export type { PersonalDataSealing, RequestData } from './personal-data-sealing';
export { PositionBeyondHeadError } from './subscription/position-beyond-head';
export { canonicalJson } from './canonical-json';
/** Events of older schema versions read in the current shape (ADR 21). */
export { EventSchemaTooNewError, readAsCurrent, type EventSchemas } from './upcasting/read-as-current';
/** Also used by the projection runner, whose waits stop with the same signals. */
export { sleep } from './subscription/signals';

export {
  deterministicId,
  eventIdFor,
  hashEvent,
  lastHashOf,
  sealEvents,
  type DomainEvent,
  type EventContext,
  type SealEventsInput,
} from './envelope';
/** Time-ordered ids for what is new, derived ids for what a retry must find again (ADR 23). */
export { isTimeOrderedId, timeOrderedId } from './ids';
/** Tamper evidence: the chain checks, signed checkpoints of the whole log, and verification. */
export * from './integrity';
