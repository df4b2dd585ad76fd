import type { Page, ReadStore } from '@itsm/read-store';
import type { PageRequest } from '../shared/page';
import { CHANGE_RECORDS_KEY, type ChangeRecordDocument } from './change-record-document';

export function getChangeRecord(store: ReadStore, changeId: string): Promise<ChangeRecordDocument | null> {
  return store.get<ChangeRecordDocument>(CHANGE_RECORDS_KEY, changeId);
}

/**
 * The CAB agenda: changes awaiting authorization, longest waiting first. Each record carries its
 * risk, approval rule, approvers of the current content (`currentApprovers`) and recorded conflicts;
 * the approvals timeline is paged apart (findApprovalTimeline).
 */
export function findCabAgenda(store: ReadStore, page: PageRequest): Promise<Page<ChangeRecordDocument>> {
  return store.find<ChangeRecordDocument>(CHANGE_RECORDS_KEY, {
    filter: { status: 'awaiting_authorization' },
    sort: [{ field: 'raisedAt', direction: 'asc' }],
    limit: page.limit,
    cursor: page.cursor,
  });
}
