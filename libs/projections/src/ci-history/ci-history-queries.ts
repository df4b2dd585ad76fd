import {
  configurationItemsAsOf,
  relationshipsOf,
  type CiAttributes,
  type CiHistoryEntry,
  type CiRelationship,
  type CiStatus,
  type ConfigurationItemEvent,
} from '@itsm/domain';
import type { ReadStore } from '@itsm/read-store/port';
import { findAll, inChunks } from '../cmdb-relationships/find-all';
import { CI_HISTORY_KEY, ciTimelineEntryId, type CiTimelineEntryDocument } from './ci-history-projection';

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
 * with either end among them, read from their own facts and the relationship facts naming them as
 * target (not from every CI's history). Throws RangeError for a malformed instant.
 */
export async function cmdbAsOf(store: ReadStore, instant: string, options: { ciIds?: readonly string[] } = {}): Promise<CmdbAsOf> {
  const wanted = options.ciIds === undefined ? null : new Set(options.ciIds);
  const entries = wanted === null ? await findAll<CiTimelineEntryDocument>(store, CI_HISTORY_KEY) : await entriesAround(store, [...wanted]);
  const items = configurationItemsAsOf(entries.map(asHistoryEntry), instant);
  const configurationItems = [...items.values()]
    .filter((ci) => wanted === null || wanted.has(ci.ciId))
    .map(({ ciId, name, ciClass, status, ownerGroup, attributes }) => ({ ciId, name, ciClass, status, ownerGroup, attributes }))
    .sort((a, b) => (a.ciId < b.ciId ? -1 : a.ciId > b.ciId ? 1 : 0));
  const relationships = relationshipsOf(items).filter((r) => wanted === null || wanted.has(r.sourceCiId) || wanted.has(r.targetCiId));
  return { at: new Date(Date.parse(instant)).toISOString(), configurationItems, relationships };
}

/**
 * The facts that decide what `ciIds` were at any instant: all of their own, and of each CI that
 * recorded a relationship to one of them, its registration (so the fold knows it existed) and those
 * relationship facts. In stream order per CI (document ids sort by revision), as the fold requires.
 */
async function entriesAround(store: ReadStore, ciIds: readonly string[]): Promise<CiTimelineEntryDocument[]> {
  const wanted = new Set(ciIds);
  const own = await findAllWhereIn(store, 'ciId', ciIds);
  const incoming = (await findAllWhereIn(store, 'relatedCiId', ciIds)).filter((entry) => !wanted.has(entry.ciId));
  const sources = [...new Set(incoming.map((entry) => entry.ciId))];
  const registrations: CiTimelineEntryDocument[] = [];
  for (const chunk of inChunks(sources.map((ciId) => ciTimelineEntryId(ciId, 0)))) {
    // The decider records a CI's registration first on its stream: revision 0.
    const found = await store.getMany<CiTimelineEntryDocument>(CI_HISTORY_KEY, chunk);
    registrations.push(...[...found.values()].filter((entry) => entry.type === 'ConfigurationItemRegistered'));
  }
  return [...own, ...registrations, ...incoming].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

async function findAllWhereIn(store: ReadStore, field: 'ciId' | 'relatedCiId', ids: readonly string[]): Promise<CiTimelineEntryDocument[]> {
  const found: CiTimelineEntryDocument[] = [];
  for (const chunk of inChunks(ids)) found.push(...(await findAll<CiTimelineEntryDocument>(store, CI_HISTORY_KEY, { [field]: { $in: chunk } })));
  return found;
}

function asHistoryEntry(entry: CiTimelineEntryDocument): CiHistoryEntry {
  return { ciId: entry.ciId, event: { type: entry.type, data: entry.data } as ConfigurationItemEvent, occurredAt: entry.occurredAt };
}
