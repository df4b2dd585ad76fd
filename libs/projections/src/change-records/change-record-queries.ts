import type { Page, ReadStore } from '@itsm/read-store/port';
import type { PageRequest } from '../shared/page';
import { CHANGE_RECORDS_KEY, type ChangeRecordDocument } from './change-record-document';
import { withStandingConflicts } from './conflicts-recorded-by-others';

/** The record, with the conflicts other changes recorded with it that still stand. */
export async function getChangeRecord(store: ReadStore, changeId: string): Promise<ChangeRecordDocument | null> {
  const record = await store.get<ChangeRecordDocument>(CHANGE_RECORDS_KEY, changeId);
  return record === null ? null : (await withStandingConflicts(store, [record]))[0];
}

/**
 * The CAB agenda: changes awaiting authorization, longest waiting first. Each record carries its
 * risk, approval rule, approvers of the current content (`currentApprovers`) and the conflicts on
 * both sides (its own schedule's, and those other changes recorded with it);
 * the approvals timeline is paged apart (findApprovalTimeline).
 */
export async function findCabAgenda(store: ReadStore, page: PageRequest): Promise<Page<ChangeRecordDocument>> {
  const found = await store.find<ChangeRecordDocument>(CHANGE_RECORDS_KEY, {
    filter: { status: 'awaiting_authorization' },
    sort: [{ field: 'raisedAt', direction: 'asc' }],
    limit: page.limit,
    cursor: page.cursor,
  });
  return { ...found, items: await withStandingConflicts(store, found.items) };
}
