import { blackoutWindowProjection } from './blackout-windows/blackout-window-projection';
import { changeCalendarProjection } from './change-calendar/change-calendar-projection';
import { changeRecordProjection } from './change-records/change-record-projection';
import type { AnyProjection } from './shared/projection-key';

/** The change-management read models (change records, calendar, blackout windows). */
export const CHANGE_PROJECTIONS: readonly AnyProjection[] = [
  changeRecordProjection as unknown as AnyProjection,
  changeCalendarProjection as unknown as AnyProjection,
  blackoutWindowProjection as unknown as AnyProjection,
];
