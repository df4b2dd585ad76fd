import type { ChangeStatus, ChangeType, ImplementationOutcome, RiskLevel, TimeWindow } from '@itsm/domain';
import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import { projectionKey } from '../shared/projection-key';

// Version 2: the change's number.
export const CHANGE_CALENDAR = { name: 'change_calendar', version: 2 } as const;
export const CHANGE_CALENDAR_KEY = projectionKey(CHANGE_CALENDAR);

/**
 * One change on the calendar. `window` is the scheduled slot once there is one, otherwise the
 * requested window; its ends are copied to top-level fields so the store can sort on them.
 */
export interface ChangeCalendarEntry extends StoredDocument {
  /** CHG…; null for a change raised before numbers were recorded. */
  readonly number: string | null;
  readonly title: string;
  readonly changeType: ChangeType;
  readonly state: Exclude<ChangeStatus, 'none'>;
  readonly requestedWindow: TimeWindow;
  readonly scheduledWindow: TimeWindow | null;
  readonly window: TimeWindow;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly ciIds: readonly string[];
  readonly risk: RiskLevel | null;
  /** Set when implementation completed: what the risk's failure rate counts. */
  readonly outcome: ImplementationOutcome | null;
}

export const CHANGE_CALENDAR_COLLECTION: CollectionDefinition = {
  name: CHANGE_CALENDAR_KEY,
  indexes: [{ fields: ['windowStart'] }, { fields: ['state', 'windowStart'] }, { fields: ['outcome', 'windowStart'] }],
};
