import type { FindQuery, Page, ReadStore } from '@itsm/read-store/port';
import { byRevision, type HistoryPageRequest } from '../../shared/page';
import { CHANGE_APPROVALS_KEY, type ApprovalLineDocument } from './approval-line-document';

/** One page of a change's approvals timeline, oldest first unless `order` is `desc`. */
export function findApprovalTimeline(store: ReadStore, changeId: string, page: HistoryPageRequest): Promise<Page<ApprovalLineDocument>> {
  return store.find<ApprovalLineDocument>(CHANGE_APPROVALS_KEY, approvalTimelineQuery(changeId, page));
}

/** The query of findApprovalTimeline, for a read that asks the store itself (findAsJson). */
export function approvalTimelineQuery(changeId: string, page: HistoryPageRequest): FindQuery {
  return { filter: { changeId }, sort: byRevision(page.order), limit: page.limit, cursor: page.cursor };
}
