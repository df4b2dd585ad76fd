export * from './read-store';
export { InvalidNameError, assertCollectionName, assertFieldPath } from './query/names';
export { MemoryReadStore } from './memory/memory-read-store';
export { SqliteReadStore, type SqliteReadStoreOptions } from './sqlite/sqlite-read-store';
export { MongoReadStore, type MongoReadStoreOptions } from './mongodb/mongo-read-store';
