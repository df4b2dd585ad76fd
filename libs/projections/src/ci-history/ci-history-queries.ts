import {
  configurationItemsAsOf,
  relationshipsOf,
  type CiAttributes,
  type CiHistoryEntry,
  type CiRelationship,
  type CiStatus,
  type ConfigurationItemEvent,
} from '@itsm/domain';
import type { ReadStore } from '@itsm/read-store';
import { findAll } from '../cmdb-relationships/find-all';
import { CI_HISTORY_KEY, type CiTimelineDocument } from './ci-history-projection';

export interface CiAsOf {
  readonly ciId: string;
  readonly name: string;
  readonly ciClass: string;
  readonly status: CiStatus;
  readonly ownerGroup: string;
  readonly attributes: CiAttributes;
}

export interface CmdbAsOf {
  readonly at: string;
  readonly configurationItems: readonly CiAsOf[];
  readonly relationships: readonly CiRelationship[];
}

/**
 * The CMDB as it stood at `instant` (inclusive). With `ciIds`, only those CIs and the relationships
 * with either end among them; the incoming ones are recorded on other CIs, so every timeline is
 * loaded either way (fine at CMDB sizes). Throws RangeError for a malformed instant.
 */
export async function cmdbAsOf(store: ReadStore, instant: string, options: { ciIds?: readonly string[] } = {}): Promise<CmdbAsOf> {
  const timelines = await findAll<CiTimelineDocument>(store, CI_HISTORY_KEY);
  const history: CiHistoryEntry[] = timelines.flatMap((timeline) =>
    timeline.entries.map((entry) => ({ ciId: timeline.id, event: { type: entry.type, data: entry.data } as ConfigurationItemEvent, occurredAt: entry.occurredAt })),
  );
  const items = configurationItemsAsOf(history, instant);
  const wanted = options.ciIds === undefined ? null : new Set(options.ciIds);
  const configurationItems = [...items.values()]
    .filter((ci) => wanted === null || wanted.has(ci.ciId))
    .map(({ ciId, name, ciClass, status, ownerGroup, attributes }) => ({ ciId, name, ciClass, status, ownerGroup, attributes }))
    .sort((a, b) => (a.ciId < b.ciId ? -1 : a.ciId > b.ciId ? 1 : 0));
  const relationships = relationshipsOf(items).filter((r) => wanted === null || wanted.has(r.sourceCiId) || wanted.has(r.targetCiId));
  return { at: new Date(Date.parse(instant)).toISOString(), configurationItems, relationships };
}
