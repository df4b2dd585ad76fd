import type { AnyProjection } from './shared/projection-key';

/** The change-management read models (change records, calendar, blackout windows). */
export const CHANGE_PROJECTIONS: readonly AnyProjection[] = [];
