import type { EventStore, RecordedEvent } from '@itsm/event-store/port';
import type { ReadStore } from '@itsm/read-store/port';
import type { ChangeRecordDocument } from '../change-records/change-record-document';
import { evolveChangeRecord } from '../change-records/change-record-projection';
import { recordersOf, standingConflicts } from '../change-records/conflicts-recorded-by-others';
import { conflictMentionsOf } from '../change-records/conflict-mentions/conflict-mentions-queries';
import type { Folded, RecordFolds } from './record-folds';
import { RECORD_KINDS, type RecordKind, type RecordState } from './record-kinds';

/** A past point of a record: after its n-th event (counting from 0), or at an instant (ms since the epoch). */
export type AsOfPoint = { readonly atRevision: number } | { readonly asOf: number };

/** Which point of the log a past state reflects: the record's last event folded, and the last position read. */
export interface Reflects {
  readonly revision: number;
  /** The log position the state is taken at: its last event's, or for a change a later one of another change that named it. */
  readonly position: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
}

export type RecordAsOf =
  | { readonly state: RecordState; readonly reflects: Reflects }
  /** No event in its stream: no such record. */
  | { readonly missing: 'record' }
  /** The stream ends before that revision. */
  | { readonly missing: 'revision'; readonly lastRevision: number }
  /** The record came into being after that instant. */
  | { readonly missing: 'not_yet'; readonly createdAt: string };

/**
 * A record as it stood at a past point, folded from the log by the same evolve its read model runs:
 * what GET /incidents/:id answered then. A change also shows the conflicts other changes' schedules
 * recorded against it by then, and only those whose schedule still stood then, as its read model does.
 */
export async function recordAsOf(events: EventStore, reads: ReadStore, folds: RecordFolds, kind: RecordKind, id: string, point: AsOfPoint): Promise<RecordAsOf> {
  const own = 'atRevision' in point ? await folds.after(kind, id, point.atRevision) : await folds.asOf(kind, id, point.asOf);
  if (own.last === null || own.state === null || ('atRevision' in point && own.revision < point.atRevision)) return whyMissing(events, kind, id, own);
  if (kind.name !== 'change') return { state: own.state, reflects: reflecting(own.last, own.last) };
  return changeAsOf(events, reads, folds, id, own.last, point);
}

async function whyMissing(events: EventStore, kind: RecordKind, id: string, own: Folded): Promise<RecordAsOf> {
  if (own.last !== null) return { missing: 'revision', lastRevision: own.revision };
  const [first] = await events.readStream(kind.stream(id), { max: 1 });
  return first === undefined ? { missing: 'record' } : { missing: 'not_yet', createdAt: first.metadata.occurredAt };
}

function reflecting(last: RecordedEvent, atPosition: RecordedEvent): Reflects {
  return { revision: last.revision, position: atPosition.position, occurredAt: last.metadata.occurredAt, recordedAt: last.recordedAt };
}

const CHANGE = RECORD_KINDS.change;
type Change = Omit<ChangeRecordDocument, '_position'>;

/**
 * The change's own events up to the point, interleaved in log order with the schedules of other
 * changes that named it by then, folded as the projector folds them; then each conflict kept only
 * while the change that recorded it stood behind it at that point.
 */
async function changeAsOf(events: EventStore, reads: ReadStore, folds: RecordFolds, id: string, ownLast: RecordedEvent, point: AsOfPoint): Promise<RecordAsOf> {
  const mentions = (await conflictMentionsOf(reads, id, 'atRevision' in point ? ownLast.position : null)).filter(
    (mention) => 'atRevision' in point || Date.parse(mention.occurredAt) <= point.asOf,
  );
  const named: RecordedEvent[] = [];
  for (const mention of mentions) {
    const [schedule] = await events.readStream(CHANGE.stream(mention.recordedBy), { from: mention.revision, max: 1 });
    if (schedule !== undefined && schedule.revision === mention.revision && schedule.type === 'ChangeScheduled') named.push(schedule);
  }
  const own = await events.readStream(CHANGE.stream(id), { max: ownLast.revision + 1 });
  const inLogOrder = [...own, ...named].sort((a, b) => (a.position < b.position ? -1 : 1));
  let record: Change | null = null;
  for (const event of inLogOrder) record = evolveChangeRecord(record as ChangeRecordDocument | null, event as never, id);
  if (record === null) return { missing: 'record' };
  const recorders = new Map<string, Change>();
  for (const recorder of recordersOf([record])) {
    const then = 'atRevision' in point ? await folds.atPosition(CHANGE, recorder, ownLast.position) : await folds.asOf(CHANGE, recorder, point.asOf);
    if (then.state !== null) recorders.set(recorder, then.state as unknown as Change);
  }
  const latest = inLogOrder[inLogOrder.length - 1] as RecordedEvent;
  return { state: standingConflicts(record, recorders) as unknown as RecordState, reflects: reflecting(ownLast, latest) };
}
