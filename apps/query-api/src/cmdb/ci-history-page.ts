import { configurationItemStream } from '@itsm/domain';
import type { EventStore } from '@itsm/event-store';
import type { HistoryPageRequest } from '@itsm/projections';
import { invalidField } from '@itsm/platform';

export interface CiHistoryEvent {
  readonly type: string;
  readonly data: unknown;
  readonly actor: string;
  readonly occurredAt: string;
  readonly revision: number;
  readonly position: string;
}

/** A page of a CI's stream; null when the stream is empty (no such CI). */
export interface CiHistoryPage {
  readonly events: readonly CiHistoryEvent[];
  readonly nextCursor: string | null;
}

/**
 * One page of a CI's recorded facts, read from the log itself (nothing to wait for, and nothing to
 * trust but the log), a page at a time: a CI's stream grows with its life. The cursor is the
 * revision the next page starts at. Null when the CI has no stream.
 */
export async function readCiHistoryPage(events: EventStore, ciId: string, page: HistoryPageRequest): Promise<CiHistoryPage | null> {
  const from = page.cursor ? revisionOf(page.cursor) : undefined;
  const direction = page.order === 'desc' ? 'backwards' : 'forwards';
  const recorded = await events.readStream(configurationItemStream(ciId), { direction, max: page.limit + 1, ...(from !== undefined && { from }) });
  if (recorded.length === 0 && from === undefined) return null;
  const next = recorded[page.limit];
  return {
    events: recorded.slice(0, page.limit).map(({ type, data, metadata, revision, position }) => ({ type, data, actor: metadata.actor, occurredAt: metadata.occurredAt, revision, position })),
    nextCursor: next === undefined ? null : String(next.revision),
  };
}

function revisionOf(cursor: string): number {
  if (!/^\d{1,15}$/.test(cursor)) throw invalidField('cursor', 'must be the nextCursor of the previous page');
  return Number(cursor);
}
