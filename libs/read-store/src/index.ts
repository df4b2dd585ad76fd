/** The port and its adapters, for the wiring (libs/platform/src/stores) and tests; projections use `@itsm/read-store/port`. */
export * from './port';
export { MemoryReadStore } from './memory/memory-read-store';
export { SqliteReadStore, type SqliteReadStoreOptions } from './sqlite/sqlite-read-store';
export { MongoReadStore, type MongoReadStoreOptions } from './mongodb/mongo-read-store';
