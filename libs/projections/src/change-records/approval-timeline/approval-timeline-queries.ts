import type { Page, ReadStore } from '@itsm/read-store/port';
import { byRevision, type HistoryPageRequest } from '../../shared/page';
import { CHANGE_APPROVALS_KEY, type ApprovalLineDocument } from './approval-line-document';

/** One page of a change's approvals timeline, oldest first unless `order` is `desc`. */
export function findApprovalTimeline(store: ReadStore, changeId: string, page: HistoryPageRequest): Promise<Page<ApprovalLineDocument>> {
  return store.find<ApprovalLineDocument>(CHANGE_APPROVALS_KEY, {
    filter: { changeId },
    sort: byRevision(page.order),
    limit: page.limit,
    cursor: page.cursor,
  });
}
