import { conflictSeenFrom, sortConflicts, type ChangeConflict, type ChangeScheduled, type ChangeToChangeConflict } from '@itsm/domain';
import type { ReadStore } from '@itsm/read-store/port';
import { CHANGE_RECORDS_KEY, type ChangeRecordDocument } from './change-record-document';

/*
 * A conflict is recorded once, on the change scheduled second: its ChangeScheduled names the
 * first. That event stays the only source; the first change's record shows the conflict too, as
 * seen from its side. The projection writes it there when the event arrives (the event names the
 * documents it touches). Later facts that end the recording schedule (a reschedule clear of it, an
 * edit that unschedules, a cancellation) name no one, so the runner cannot carry them to the first
 * change's record; instead the query serves a conflict only while the recording change still
 * stands behind it: not cancelled, and its own recorded conflicts still naming this change. A
 * change that was carried out keeps its schedule, so both records keep telling the same history.
 */

const withOtherChange = (conflict: ChangeConflict): conflict is ChangeToChangeConflict => conflict.kind !== 'blackout';

/** The other changes a schedule names, each once, never the change itself. */
export function changesNamed(data: ChangeScheduled['data']): string[] {
  const named = data.conflicts.filter(withOtherChange).map((conflict) => conflict.changeId);
  return [...new Set(named)].filter((changeId) => changeId !== data.changeId);
}

/**
 * The record of a change named by another change's schedule: that change's earlier conflicts with
 * it are replaced by these. Nothing else moves: its revision and last change stay its own stream's.
 */
export function recordedByOther<R extends ChangeRecordDocument | Omit<ChangeRecordDocument, '_position'>>(
  record: R,
  data: ChangeScheduled['data'],
): R {
  const recordedBy = { changeId: data.changeId, window: data.window };
  const seen = data.conflicts
    .filter(withOtherChange)
    .filter((conflict) => conflict.changeId === record.id)
    .map((conflict) => conflictSeenFrom(conflict, recordedBy));
  const others = record.conflictsRecordedByOthers.filter((conflict) => conflict.changeId !== data.changeId);
  return { ...record, conflictsRecordedByOthers: sortConflicts([...others, ...seen]) };
}

/** The records as served: each with only the conflicts whose recording schedule still stands. */
export async function withStandingConflicts(store: ReadStore, records: readonly ChangeRecordDocument[]): Promise<ChangeRecordDocument[]> {
  const recorders = recordersOf(records);
  if (recorders.length === 0) return [...records];
  const found = await store.getMany<ChangeRecordDocument>(CHANGE_RECORDS_KEY, recorders);
  return records.map((record) => standingConflicts(record, found));
}

/** The changes whose schedules a record's conflicts recorded by others came from. */
export function recordersOf(records: readonly Pick<ChangeRecordDocument, 'conflictsRecordedByOthers'>[]): string[] {
  return [...new Set(records.flatMap((record) => record.conflictsRecordedByOthers.map((conflict) => conflict.changeId)))];
}

/**
 * The record with only the conflicts whose recorder, as `recorders` holds it (now, or as of a past
 * instant), still stands behind them: not cancelled, and its own conflicts still naming this change.
 */
export function standingConflicts<R extends Pick<ChangeRecordDocument, 'id' | 'conflictsRecordedByOthers'>>(
  record: R,
  recorders: ReadonlyMap<string, Pick<ChangeRecordDocument, 'status' | 'conflicts'>>,
): R {
  const stands = (conflict: ChangeToChangeConflict): boolean => {
    const recorder = recorders.get(conflict.changeId);
    if (recorder === undefined || recorder.status === 'cancelled') return false;
    return recorder.conflicts.some((own) => withOtherChange(own) && own.changeId === record.id);
  };
  return { ...record, conflictsRecordedByOthers: record.conflictsRecordedByOthers.filter(stands) };
}
