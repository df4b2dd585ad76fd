import { workerData } from 'node:worker_threads';
import { appendOne } from '../append-one';
import { EventQueries } from '../event-queries';
import { groupCommitter, type AppendRequest } from '../group-commit';
import { openDatabase } from '../schema';
import { serveWriteGroups } from './serve-write-groups';

/** What the log's writer thread is started with. */
export interface LogWriterThreadData {
  readonly filename: string;
  readonly busyTimeoutMs: number;
}

/** The log's writer thread (ADR 25): owns the only write connection of its process. */
const { filename, busyTimeoutMs } = workerData as LogWriterThreadData;
const db = openDatabase({ filename, busyTimeoutMs });
const queries = new EventQueries(db);
serveWriteGroups({ commit: groupCommitter(db, (request: AppendRequest) => appendOne(queries, request)), close: () => db.close() });
