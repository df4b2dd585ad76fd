/**
 * The read store port without its adapters: what projections may load. `@itsm/read-store` adds
 * the adapters, for the wiring and for tests.
 */
export * from './read-store';
export { withoutBookkeeping } from './query/json-page';
export { InvalidNameError, assertCollectionName, assertFieldPath } from './query/names';
