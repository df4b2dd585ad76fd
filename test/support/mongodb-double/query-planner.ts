import type { Document } from 'mongodb';
import { ALL, boundsOf, type FieldBound } from './index-bounds';
import { BlockingSort, Limit, Or, SortMerge, type SortPattern } from './order-stages';
import { CollectionScan, Fetch, IndexScan, type IndexEntry, type Stage } from './plan-stages';
import { comparatorOf, valueAt } from './server-order';
import type { IndexSpec, StoredCollection } from './state';

/**
 * How the double answers a find: by its indexes, planned as the server's classic planner plans the
 * queries the read store sends (src/mongo/db/query/query_planner.cpp, planner_analysis.cpp):
 * - an index is a candidate when its first field is bounded by the filter, or when it gives the
 *   sort (fields pinned to one value by equality skipped, read forwards or backwards);
 * - point bounds ahead of the sort fields are "exploded" into one scan per value, merged in sort
 *   order (SORT_MERGE), when there are at most 200 such scans;
 * - a rooted `$or` is planned branch by branch, merged in sort order when every branch gives it;
 * - otherwise a blocking SORT; COLLSCAN only when no index is a candidate;
 * - among candidates the one that does least work (keys plus documents examined) to fill the page,
 *   which is what the server's trial run of the candidates measures.
 * Not modelled: multikey indexes (an index over a path holding an array is not used), hints,
 * collations, covered plans, the plan cache.
 */
export interface FindRequest {
  readonly filter: Document;
  readonly sort?: SortPattern;
  /** Documents wanted (skip included); 0 for all. */
  readonly wanted: number;
}

type Factory = () => Stage;
interface Candidate {
  readonly build: Factory;
  readonly sorted: boolean;
}

const MAX_SCANS_TO_EXPLODE = 200;

export function planFind(collection: StoredCollection | undefined, request: FindRequest): Stage {
  const { filter, sort, wanted } = request;
  const documents = collection?.documents ?? [];
  const indexes = collection?.indexes ?? [];
  const rootedOr = Object.keys(filter).length === 1 && Array.isArray(filter.$or) ? (filter.$or as Document[]) : null;
  const branches = (rootedOr ?? [filter]).map((branch) => cheapest(candidatesFor(branch, documents, indexes, sort), sort, wanted));
  let root: Stage;
  let sorted: boolean;
  if (branches.length === 1) [root, sorted] = [branches[0]!.build(), branches[0]!.sorted];
  else {
    sorted = sort !== undefined && branches.every((branch) => branch.sorted);
    root = sorted ? new SortMerge(branches.map((branch) => branch.build()), sort!) : new Or(branches.map((branch) => branch.build()));
  }
  if (sort && !sorted) return new BlockingSort(root, sort, wanted);
  return wanted > 0 ? new Limit(root, wanted) : root;
}

function candidatesFor(branch: Document, documents: readonly Document[], indexes: readonly IndexSpec[], sort: SortPattern | undefined): Candidate[] {
  const bounds = boundsOf(branch);
  const candidates = indexes.flatMap((index): Candidate[] => {
    const entries = entriesOf(documents, index);
    if (!entries) return [];
    const fields = Object.keys(index.key);
    const fieldBounds = fields.map((field) => bounds.get(field) ?? ALL);
    const direction = sort ? sortDirection(index, fieldBounds, sort) : 1;
    if (direction !== null && (fieldBounds[0]!.kind !== 'all' || sort)) {
      return [{ build: () => new Fetch(new IndexScan(index, entries, fieldBounds, direction), branch), sorted: sort !== undefined }];
    }
    if (fieldBounds[0]!.kind === 'all') return [];
    const exploded = sort ? explodeForSort(index, fieldBounds, sort) : null;
    if (exploded) {
      const build = () => new Fetch(new SortMerge(exploded.scans.map((scan) => new IndexScan(index, entries, scan, exploded.direction)), sort!), branch);
      return [{ build, sorted: true }];
    }
    return [{ build: () => new Fetch(new IndexScan(index, entries, fieldBounds, 1), branch), sorted: false }];
  });
  return candidates.length > 0 ? candidates : [{ build: () => new CollectionScan(documents, branch), sorted: false }];
}

/** The candidate that examines least to give the page (all of it, behind a blocking sort). */
function cheapest(candidates: readonly Candidate[], sort: SortPattern | undefined, wanted: number): Candidate {
  const cost = (candidate: Candidate) => {
    const stage = candidate.build();
    const top = sort && !candidate.sorted ? new BlockingSort(stage, sort, wanted) : stage;
    let given = 0;
    for (const _ of top.run()) if (wanted > 0 && ++given >= wanted) break;
    return examined(stage.stages()) + (candidate.sorted ? 0 : 0.5);
  };
  const costs = candidates.map(cost);
  return candidates[costs.indexOf(Math.min(...costs))]!;
}

export function examined(stages: readonly Stage[]): number {
  return stages.reduce((sum, stage) => sum + ((stage as { keysExamined?: number }).keysExamined ?? 0) + ((stage as { docsExamined?: number }).docsExamined ?? 0), 0);
}

/**
 * 1 or -1 when scanning the index that way gives the sort: the sort's fields, less the index's
 * fields its bounds pin to one value, are a prefix of the index's other fields, all in the same or
 * all in the opposite direction (IndexScanNode's provided sorts, which ignore only its own point
 * bounds: an equality on a field the index lacks does not count). null when it does not.
 */
function sortDirection(index: IndexSpec, fieldBounds: readonly FieldBound[], sort: SortPattern): 1 | -1 | null {
  const pinned = (bound: FieldBound | undefined) => bound?.kind === 'points' && bound.values.length === 1;
  const pinnedFields = new Set(Object.keys(index.key).filter((_, i) => pinned(fieldBounds[i])));
  const keys = Object.entries(index.key).filter(([field]) => !pinnedFields.has(field));
  const wanted = Object.entries(sort).filter(([field]) => !pinnedFields.has(field));
  if (wanted.length > keys.length) return null;
  const signs = wanted.map(([field, direction], i) => (keys[i]![0] === field ? Math.sign(direction * Number(keys[i]![1])) : 0));
  if (signs.every((sign) => sign === 1)) return 1;
  return signs.every((sign) => sign === -1) ? -1 : null;
}

/** One scan per combination of the leading points, when that many scans then each give the sort. */
function explodeForSort(index: IndexSpec, fieldBounds: readonly FieldBound[], sort: SortPattern): { scans: FieldBound[][]; direction: 1 | -1 } | null {
  let combinations: FieldBound[][] = [[]];
  for (let k = 0; k < fieldBounds.length; k++) {
    const bound = fieldBounds[k]!;
    if (bound.kind !== 'points' || bound.values.length === 0 || bound.values.length * combinations.length > MAX_SCANS_TO_EXPLODE) return null;
    combinations = combinations.flatMap((prefix) => bound.values.map((value) => [...prefix, { kind: 'points' as const, values: [value] }]));
    const scans = combinations.map((prefix) => [...prefix, ...fieldBounds.slice(k + 1)]);
    const direction = sortDirection(index, scans[0]!, sort);
    if (direction !== null) return { scans, direction };
  }
  return null;
}

/** Each index's entries in key order, per version of the documents (writes replace the array). */
const ENTRIES = new WeakMap<readonly Document[], Map<string, IndexEntry[] | null>>();

function entriesOf(documents: readonly Document[], index: IndexSpec): IndexEntry[] | null {
  const cached = ENTRIES.get(documents) ?? new Map<string, IndexEntry[] | null>();
  ENTRIES.set(documents, cached);
  if (cached.has(index.name)) return cached.get(index.name)!;
  const paths = Object.keys(index.key).map((path) => path.split('.'));
  const multikey = documents.some((document) => paths.some((steps) => reachesArray(document, steps)));
  const entries = documents.map((document) => ({ key: paths.map((steps) => valueAt(document, steps) ?? null), document }));
  const pattern = Object.fromEntries(Object.keys(index.key).map((path, i) => [String(i), Number(index.key[path])]));
  const byKey = comparatorOf(pattern);
  const sorted = multikey ? null : entries.sort((a, b) => byKey({ ...a.key }, { ...b.key }));
  cached.set(index.name, sorted);
  return sorted;
}

function reachesArray(value: unknown, steps: readonly string[]): boolean {
  if (Array.isArray(value)) return true;
  const [step, ...rest] = steps;
  if (step === undefined || value === null || typeof value !== 'object') return false;
  return reachesArray((value as Document)[step], rest);
}
