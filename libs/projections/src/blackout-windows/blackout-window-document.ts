import type { BlackoutScope, TimeWindow } from '@itsm/domain';
import type { CollectionDefinition, StoredDocument } from '@itsm/read-store/port';
import { projectionKey } from '../shared/projection-key';

// Version 2: the stream revision of the last event applied.
export const BLACKOUT_WINDOWS = { name: 'blackout_windows', version: 2 } as const;
export const BLACKOUT_WINDOWS_KEY = projectionKey(BLACKOUT_WINDOWS);

/** A freeze as the calendar and the schedule handler read it; withdrawn ones stay as tombstones. */
export interface BlackoutWindowDocument extends StoredDocument {
  readonly name: string;
  readonly window: TimeWindow;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly scope: BlackoutScope;
  readonly reason: string;
  readonly active: boolean;
  readonly definedBy: string;
  readonly definedAt: string;
  readonly updatedAt: string;
  readonly withdrawalReason: string | null;
  /** Stream revision of the last event applied: what a client sends back as the expected revision. */
  readonly revision: number;
}

export const BLACKOUT_WINDOWS_COLLECTION: CollectionDefinition = {
  name: BLACKOUT_WINDOWS_KEY,
  indexes: [{ fields: ['active', 'windowStart'] }],
};
