import { blackoutWindowProjection } from './blackout-windows/blackout-window-projection';
import { changeCalendarProjection } from './change-calendar/change-calendar-projection';
import { approvalTimelineProjection } from './change-records/approval-timeline/approval-timeline-projection';
import { changeRecordProjection } from './change-records/change-record-projection';
import { conflictMentionsProjection } from './change-records/conflict-mentions/conflict-mentions-projection';
import type { AnyProjection } from './shared/projection-key';

/** The change-management read models (change records, their approvals timelines and conflict mentions, calendar, blackout windows). */
export const CHANGE_PROJECTIONS: readonly AnyProjection[] = [
  changeRecordProjection as unknown as AnyProjection,
  approvalTimelineProjection as unknown as AnyProjection,
  changeCalendarProjection as unknown as AnyProjection,
  blackoutWindowProjection as unknown as AnyProjection,
  conflictMentionsProjection as unknown as AnyProjection,
];
