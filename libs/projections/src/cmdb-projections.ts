import { ciHistoryProjection } from './ci-history/ci-history-projection';
import { ciNameClaimsProjection } from './ci-name-claims/ci-name-claims-projection';
import { ciWorkProjection } from './ci-work/ci-work-projection';
import { cmdbRelationshipsProjection } from './cmdb-relationships/cmdb-relationships-projection';
import { configurationItemsProjection } from './configuration-items/configuration-items-projection';
import type { AnyProjection } from './shared/projection-key';

/** The CMDB read models (configuration items, relationships, history for as-of, work per CI, name claims for recovery). */
export const CMDB_PROJECTIONS: readonly AnyProjection[] = [
  configurationItemsProjection,
  cmdbRelationshipsProjection,
  ciHistoryProjection,
  ciWorkProjection,
  ciNameClaimsProjection,
] as unknown as readonly AnyProjection[];
