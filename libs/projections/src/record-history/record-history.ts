import type { EventStore, RecordedEvent } from '@itsm/event-store/port';
import type { HistoryPageRequest } from '../shared/page';
import { fieldChanges } from './field-changes';
import { decodeHistoryCursor, encodeHistoryCursor } from './history-cursor';
import { historyEntry, type HistoryEntry, type HistoryPage } from './history-entry';
import type { RecordFolds } from './record-folds';
import type { RecordKind, RecordState } from './record-kinds';

/**
 * A page of a record's history, read from its stream in the log (the source of truth, not a read
 * model), each entry with the fields it changed: the record folded before and after the event, by
 * the same evolve its read model runs, so every event type gets them without a mapping of its own.
 * Null when the record has no events: it does not exist.
 */
export async function recordHistory(events: EventStore, folds: RecordFolds, kind: RecordKind, id: string, page: HistoryPageRequest): Promise<HistoryPage | null> {
  const stream = kind.stream(id);
  const order = page.order ?? 'asc';
  const cursor = page.cursor ? decodeHistoryCursor(page.cursor, stream, order) : null;
  // One more than the page, to know whether another follows (a full last page then ends the paging).
  const readAhead = await readPage(events, stream, order, cursor?.nextRevision ?? null, page.limit + 1);
  const read = readAhead.slice(0, page.limit);
  if (read.length === 0) {
    if (cursor !== null) return { items: [], nextCursor: null };
    return (await events.readStream(stream, { max: 1 })).length === 0 ? null : { items: [], nextCursor: null };
  }
  const ascending = order === 'asc' ? read : [...read].reverse();
  const first = ascending[0] as RecordedEvent;
  let state: RecordState | null = (await folds.after(kind, id, first.revision - 1)).state;
  const entries: HistoryEntry[] = [];
  for (const event of ascending) {
    const after = kind.evolve(state, event);
    entries.push(historyEntry(event, 'own', [...fieldChanges(state, after), ...kind.factChanges(event, 'own')]));
    state = after;
  }
  const newest = ascending[ascending.length - 1] as RecordedEvent;
  folds.remember(stream, { revision: newest.revision, state, last: newest });
  const last = read[read.length - 1] as RecordedEvent;
  const nextRevision = order === 'asc' ? last.revision + 1 : last.revision - 1;
  const more = readAhead.length > page.limit;
  return {
    items: order === 'asc' ? entries : entries.reverse(),
    nextCursor: more ? encodeHistoryCursor({ record: stream, order, nextRevision, lastPosition: last.position }) : null,
  };
}

function readPage(events: EventStore, stream: string, order: 'asc' | 'desc', from: number | null, limit: number): Promise<RecordedEvent[]> {
  return order === 'asc'
    ? events.readStream(stream, { from: from ?? 0, max: limit })
    : events.readStream(stream, { direction: 'backwards', ...(from === null ? {} : { from }), max: limit });
}
