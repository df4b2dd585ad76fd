import type { Page, ReadStore } from '@itsm/read-store/port';
import { INCIDENT_DETAIL_KEY, type IncidentDetailDocument } from '../incident-detail/incident-detail-document';
import { matchKey } from './match-key';
import { PROBLEM_RECORDS_KEY, type ProblemRecordDocument } from './problem-record-document';

/**
 * What a cluster has in common: one CI, or one category and symptom, each compared case and outer
 * spaces aside. The symptom is shown as compared (lower case); the category as most of the cluster's
 * incidents spell it (trimmed), and of spellings used as often, as the earliest opened spells it:
 * a category is a name people pick from a list, so its usual spelling is the one to show.
 */
export type ClusterKey = { readonly kind: 'ci'; readonly configurationItemId: string } | { readonly kind: 'symptom'; readonly category: string; readonly symptom: string };

/** An incident of a cluster, as people recognise it. */
export interface ClusteredIncident {
  readonly incidentId: string;
  readonly number: string | null;
  readonly title: string;
}

export interface ProblemCandidate {
  readonly key: ClusterKey;
  readonly count: number;
  /** In id order. */
  readonly incidentIds: readonly string[];
  /** The same incidents, in the same order, with their numbers and titles. */
  readonly incidents: readonly ClusteredIncident[];
  readonly firstOpenedAt: string;
  readonly lastOpenedAt: string;
}

export interface TrendQuery {
  /** The window is [to - windowMs, to). */
  readonly to: string;
  readonly windowMs: number;
  /** The fewest incidents that make a cluster a candidate. */
  readonly threshold: number;
}

type Opened = Pick<IncidentDetailDocument, 'id' | 'number' | 'title' | 'openedAt' | 'configurationItemId' | 'category' | 'symptom'>;
type Cluster = { readonly kind: ClusterKey['kind']; readonly incidents: Opened[] };

/**
 * Trend detection: clusters of incidents opened in a sliding window, with a CI or a category and
 * symptom in common, that no problem has linked yet (a cancelled problem's links do not count), with
 * at least `threshold` incidents: candidates for problem management. Largest first.
 */
export function clusterProblemCandidates(opened: readonly Opened[], linked: ReadonlySet<string>, threshold: number): ProblemCandidate[] {
  const clusters = new Map<string, Cluster>();
  for (const incident of opened) {
    if (linked.has(incident.id)) continue;
    for (const [id, kind] of clusterIdsOf(incident)) {
      const cluster = clusters.get(id) ?? { kind, incidents: [] };
      cluster.incidents.push(incident);
      clusters.set(id, cluster);
    }
  }
  return [...clusters.values()]
    .filter(({ incidents }) => incidents.length >= threshold)
    .map(candidateOf)
    .sort((a, b) => b.count - a.count || b.lastOpenedAt.localeCompare(a.lastOpenedAt) || JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)));
}

/** The clusters an incident falls in, by an id that compares as the key does (case and outer spaces aside). */
function clusterIdsOf(incident: Opened): [string, ClusterKey['kind']][] {
  const ids: [string, ClusterKey['kind']][] = [];
  if (incident.configurationItemId !== null) ids.push([`ci\u0000${incident.configurationItemId}`, 'ci']);
  if (incident.symptom !== null && matchKey(incident.symptom) !== '') ids.push([`symptom\u0000${matchKey(incident.category)}\u0000${matchKey(incident.symptom)}`, 'symptom']);
  return ids;
}

function candidateOf({ kind, incidents }: Cluster): ProblemCandidate {
  // Opened in the same millisecond (an import, a fixed clock): the lower number was taken first.
  const inOpeningOrder = [...incidents].sort((a, b) => a.openedAt.localeCompare(b.openedAt) || (a.number ?? '').localeCompare(b.number ?? '') || a.id.localeCompare(b.id));
  const byId = [...incidents].sort((a, b) => a.id.localeCompare(b.id));
  return {
    key: keyOf(kind, inOpeningOrder),
    count: incidents.length,
    incidentIds: byId.map((incident) => incident.id),
    incidents: byId.map(({ id, number, title }) => ({ incidentId: id, number, title })),
    firstOpenedAt: (inOpeningOrder[0] as Opened).openedAt,
    lastOpenedAt: (inOpeningOrder.at(-1) as Opened).openedAt,
  };
}

function keyOf(kind: ClusterKey['kind'], inOpeningOrder: readonly Opened[]): ClusterKey {
  const first = inOpeningOrder[0] as Opened;
  if (kind === 'ci') return { kind, configurationItemId: first.configurationItemId as string };
  return { kind, category: usualSpelling(inOpeningOrder.map((incident) => incident.category.trim())), symptom: matchKey(first.symptom as string) };
}

/** The spelling used most often; of those used as often, the first given. */
function usualSpelling(spellings: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const spelling of spellings) counts.set(spelling, (counts.get(spelling) ?? 0) + 1);
  // A Map keeps first-insertion order, and only a strictly higher count displaces the best so far.
  return [...counts].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

const SCAN = 500;

/** The candidates now: the window's incidents and every problem's links, read from the read models. */
export async function findProblemCandidates(store: ReadStore, query: TrendQuery): Promise<ProblemCandidate[]> {
  const from = new Date(Date.parse(query.to) - query.windowMs).toISOString();
  const opened: Opened[] = [];
  for await (const incident of everyPage<IncidentDetailDocument>((cursor) => store.find(INCIDENT_DETAIL_KEY, { filter: { openedAt: { $gte: from, $lt: query.to } }, sort: [{ field: 'openedAt', direction: 'asc' }], limit: SCAN, cursor }))) {
    const { id, number, title, openedAt, configurationItemId, category, symptom } = incident;
    opened.push({ id, number, title, openedAt, configurationItemId, category, symptom });
  }
  const linked = new Set<string>();
  for await (const problem of everyPage<ProblemRecordDocument>((cursor) => store.find(PROBLEM_RECORDS_KEY, { sort: [{ field: 'raisedAt', direction: 'asc' }], limit: SCAN, cursor }))) {
    if (problem.status !== 'cancelled') problem.incidentIds.forEach((id) => linked.add(id));
  }
  return clusterProblemCandidates(opened, linked, query.threshold);
}

async function* everyPage<T>(read: (cursor: string | null) => Promise<Page<T>>): AsyncGenerator<T> {
  let cursor: string | null = null;
  do {
    const page: Page<T> = await read(cursor);
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor !== null);
}
