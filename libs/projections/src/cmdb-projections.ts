import type { AnyProjection } from './shared/projection-key';

/** The CMDB read models (configuration items, relationships, work per CI). */
export const CMDB_PROJECTIONS: readonly AnyProjection[] = [];
