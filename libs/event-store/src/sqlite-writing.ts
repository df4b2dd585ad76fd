/**
 * What another SQLite file needs to be written as the log is (ADR 25): group commit, and a writer thread.
 * A narrow entry (`@itsm/event-store/sqlite-writing`): a writer thread loads this alone, not every adapter
 * and the EventStoreDB client with it (the vault's thread started in 0.2 s through the barrel, 0.05 s so).
 */
export { retryWhileBusy } from './sqlite/retry-while-busy';
export { GroupCommit, groupCommitter, type CommitGroup } from './sqlite/group-commit';
export { WriterThread } from './sqlite/writer-thread/writer-thread';
export { serveWriteGroups, type WriteGroups } from './sqlite/writer-thread/serve-write-groups';
export type { WriteOutcome } from './sqlite/writer-thread/thread-messages';
