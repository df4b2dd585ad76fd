import type { LogCheckpoint } from '@itsm/event-store/port';
import type { Page, ReadStore } from '@itsm/read-store/port';
import type { PageRequest } from '../shared/page';
import { LOG_CHECKPOINTS_KEY, type LogCheckpointDocument } from './log-checkpoint-document';

/** The signed checkpoints in order, a page at a time: what an auditor copies out of the system. */
export function listLogCheckpoints(store: ReadStore, page: PageRequest): Promise<Page<LogCheckpointDocument>> {
  return store.find<LogCheckpointDocument>(LOG_CHECKPOINTS_KEY, { sort: [{ field: 'sequence', direction: 'asc' }], limit: page.limit, cursor: page.cursor ?? null });
}

/** Every kept checkpoint, in order, read a page at a time. */
export async function* allLogCheckpoints(store: ReadStore): AsyncGenerator<LogCheckpoint> {
  for (let cursor: string | null = null; ; ) {
    const page = await listLogCheckpoints(store, { limit: 200, cursor });
    for (const document of page.items) yield document.checkpoint;
    if (page.nextCursor === null) return;
    cursor = page.nextCursor;
  }
}

/** The kept copies a verification compares the log with. */
export async function keptLogCheckpoints(store: ReadStore): Promise<LogCheckpoint[]> {
  const copies: LogCheckpoint[] = [];
  for await (const checkpoint of allLogCheckpoints(store)) copies.push(checkpoint);
  return copies;
}
