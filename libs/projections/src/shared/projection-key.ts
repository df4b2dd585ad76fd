import type { StoredDocument } from '@itsm/read-store/port';
import type { Projection } from '../projection';

export type AnyEvent = { readonly type: string; readonly data: unknown };

/** Any projection, whatever its events and documents: what the runner and the app wiring handle. */
export type AnyProjection = Projection<AnyEvent, StoredDocument>;

/**
 * The checkpoint key and collection name of a projection version. Bumping the version makes a new
 * key, so the new version rebuilds from the start into its own collection beside the old one.
 */
export function projectionKey(projection: Pick<AnyProjection, 'name' | 'version'>): string {
  return `${projection.name}_v${projection.version}`;
}
