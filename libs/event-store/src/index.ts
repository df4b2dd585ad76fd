/** The port and its adapters, for the wiring (libs/platform/src/stores) and tests; other libs use `@itsm/event-store/port`. */
export * from './port';
export { MemoryEventStore, type MemoryEventStoreOptions } from './memory/memory-event-store';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export { EsdbEventStore, esdbPosition, parseEsdbPosition, type EsdbEventStoreOptions, type EsdbSubscriptionStatus } from './esdb';
/** For another SQLite file opened by several processes at once (the personal data vault). */
export { retryWhileBusy } from './sqlite/retry-while-busy';
/** For another SQLite file written on a thread of its own (ADR 25): the personal data vault. */
export { GroupCommit, groupCommitter, type CommitGroup } from './sqlite/group-commit';
export { WriterThread } from './sqlite/writer-thread/writer-thread';
export { serveWriteGroups, type WriteGroups } from './sqlite/writer-thread/serve-write-groups';
export type { WriteOutcome } from './sqlite/writer-thread/thread-messages';
