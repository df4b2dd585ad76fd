import type { EventStore, RecordedEvent } from '@itsm/event-store/port';
import type { Range, ReadStore } from '@itsm/read-store/port';
import { CI_HISTORY_KEY, type CiTimelineEntryDocument } from '../ci-history/ci-history-projection';
import type { HistoryPageRequest } from '../shared/page';
import { fieldChanges } from './field-changes';
import { decodeHistoryCursor, encodeHistoryCursor } from './history-cursor';
import { historyEntry, type HistoryEntry, type HistoryPage } from './history-entry';
import type { RecordFolds } from './record-folds';
import { RECORD_KINDS, type RecordState } from './record-kinds';

const CI = RECORD_KINDS.ci;

/**
 * A CI's history: its own stream, and the relationships other CIs recorded to it (on their
 * streams), merged in log order and marked `inbound`. The ci_history read model only says where
 * those facts are; the facts themselves are read from the log.
 */
export async function ciHistoryFromLog(events: EventStore, reads: ReadStore, folds: RecordFolds, ciId: string, page: HistoryPageRequest): Promise<HistoryPage | null> {
  const stream = CI.stream(ciId);
  const order = page.order ?? 'asc';
  const cursor = page.cursor ? decodeHistoryCursor(page.cursor, stream, order) : null;
  const own =
    order === 'asc'
      ? await events.readStream(stream, { from: cursor?.nextRevision ?? 0, max: page.limit + 1 })
      : cursor?.nextRevision === -1
        ? []
        : await events.readStream(stream, { direction: 'backwards', ...(cursor === null ? {} : { from: cursor.nextRevision }), max: page.limit + 1 });
  // One more than the page of each, to know whether another page follows.
  const inbound = await inboundFacts(events, reads, ciId, order, cursor?.lastPosition ?? null, page.limit + 1);
  if (cursor === null && own.length === 0) return null;
  const before = (a: RecordedEvent, b: RecordedEvent) => (order === 'asc' ? (a.position < b.position ? -1 : 1) : a.position > b.position ? -1 : 1);
  const merged = [...own.map((event) => ({ event, direction: 'own' as const })), ...inbound.map((event) => ({ event, direction: 'inbound' as const }))].sort((a, b) =>
    before(a.event, b.event),
  );
  const taken = merged.slice(0, page.limit);
  const entries = await withChanges(folds, ciId, taken);
  const ownTaken = taken.filter((entry) => entry.direction === 'own').map((entry) => entry.event.revision);
  const last = taken[taken.length - 1];
  // With none of its own taken (a newest page all inbound), its own next is where this page's read began.
  const nextRevision =
    ownTaken.length > 0 ? (order === 'asc' ? Math.max(...ownTaken) + 1 : Math.min(...ownTaken) - 1) : (cursor?.nextRevision ?? (order === 'asc' ? 0 : (own[0] as RecordedEvent).revision));
  const more = merged.length > page.limit;
  return {
    items: entries,
    nextCursor: more && last !== undefined ? encodeHistoryCursor({ record: stream, order, nextRevision, lastPosition: last.event.position }) : null,
  };
}

/** Folds the CI's own events in stream order to say what each changed; an inbound fact changes only its relationships. */
async function withChanges(folds: RecordFolds, ciId: string, taken: readonly { event: RecordedEvent; direction: 'own' | 'inbound' }[]): Promise<HistoryEntry[]> {
  const ownEvents = taken.filter((entry) => entry.direction === 'own').map((entry) => entry.event).sort((a, b) => a.revision - b.revision);
  const changesOf = new Map<string, HistoryEntry['changes']>();
  if (ownEvents.length > 0) {
    let state: RecordState | null = (await folds.after(CI, ciId, (ownEvents[0] as RecordedEvent).revision - 1)).state;
    for (const event of ownEvents) {
      const after = CI.evolve(state, event);
      changesOf.set(event.position, [...fieldChanges(state, after), ...CI.factChanges(event, 'own')]);
      state = after;
    }
    const last = ownEvents[ownEvents.length - 1] as RecordedEvent;
    folds.remember(CI.stream(ciId), { revision: last.revision, state, last });
  }
  return taken.map(({ event, direction }) => historyEntry(event, direction, changesOf.get(event.position) ?? CI.factChanges(event, 'inbound')));
}

/** The relationship facts other CIs recorded to this one after (asc) or before (desc) `lastPosition`, read from the log. */
async function inboundFacts(events: EventStore, reads: ReadStore, ciId: string, order: 'asc' | 'desc', lastPosition: string | null, limit: number): Promise<RecordedEvent[]> {
  const beyond: Range | null = lastPosition === null ? null : order === 'asc' ? { $gt: lastPosition } : { $lt: lastPosition };
  const page = await reads.find<CiTimelineEntryDocument>(CI_HISTORY_KEY, {
    filter: beyond === null ? { relatedCiId: ciId } : { relatedCiId: ciId, _position: beyond },
    sort: [{ field: '_position', direction: order }],
    limit,
  });
  const found: RecordedEvent[] = [];
  for (const entry of page.items) {
    if (entry.ciId === ciId) continue;
    const [event] = await events.readStream(CI.stream(entry.ciId), { from: entry.revision, max: 1 });
    if (event !== undefined && event.revision === entry.revision) found.push(event);
  }
  return found;
}
