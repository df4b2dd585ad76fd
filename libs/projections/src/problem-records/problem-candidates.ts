import type { Page, ReadStore } from '@itsm/read-store/port';
import { INCIDENT_DETAIL_KEY, type IncidentDetailDocument } from '../incident-detail/incident-detail-document';
import { PROBLEM_RECORDS_KEY, type ProblemRecordDocument } from './problem-record-document';

/** What a cluster has in common: one CI, or one category and symptom (symptom compared case aside). */
export type ClusterKey = { readonly kind: 'ci'; readonly configurationItemId: string } | { readonly kind: 'symptom'; readonly category: string; readonly symptom: string };

export interface ProblemCandidate {
  readonly key: ClusterKey;
  readonly count: number;
  /** In id order. */
  readonly incidentIds: readonly string[];
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

type Opened = Pick<IncidentDetailDocument, 'id' | 'openedAt' | 'configurationItemId' | 'category' | 'symptom'>;

/**
 * Trend detection: clusters of incidents opened in a sliding window, with a CI or a category and
 * symptom in common, that no problem has linked yet (a cancelled problem's links do not count), with
 * at least `threshold` incidents: candidates for problem management. Largest first.
 */
export function clusterProblemCandidates(opened: readonly Opened[], linked: ReadonlySet<string>, threshold: number): ProblemCandidate[] {
  const clusters = new Map<string, { key: ClusterKey; incidents: Opened[] }>();
  const add = (id: string, key: ClusterKey, incident: Opened) => {
    const cluster = clusters.get(id) ?? { key, incidents: [] };
    cluster.incidents.push(incident);
    clusters.set(id, cluster);
  };
  for (const incident of opened) {
    if (linked.has(incident.id)) continue;
    if (incident.configurationItemId !== null) add(`ci\u0000${incident.configurationItemId}`, { kind: 'ci', configurationItemId: incident.configurationItemId }, incident);
    if (incident.symptom !== null && incident.symptom.trim() !== '') {
      const symptom = incident.symptom.trim().toLowerCase();
      add(`symptom\u0000${incident.category}\u0000${symptom}`, { kind: 'symptom', category: incident.category, symptom }, incident);
    }
  }
  return [...clusters.values()]
    .filter(({ incidents }) => incidents.length >= threshold)
    .map(({ key, incidents }) => {
      const times = incidents.map((incident) => incident.openedAt).sort();
      return { key, count: incidents.length, incidentIds: incidents.map((incident) => incident.id).sort(), firstOpenedAt: times[0] as string, lastOpenedAt: times.at(-1) as string };
    })
    .sort((a, b) => b.count - a.count || b.lastOpenedAt.localeCompare(a.lastOpenedAt) || JSON.stringify(a.key).localeCompare(JSON.stringify(b.key)));
}

const SCAN = 500;

/** The candidates now: the window's incidents and every problem's links, read from the read models. */
export async function findProblemCandidates(store: ReadStore, query: TrendQuery): Promise<ProblemCandidate[]> {
  const from = new Date(Date.parse(query.to) - query.windowMs).toISOString();
  const opened: Opened[] = [];
  for await (const incident of everyPage<IncidentDetailDocument>((cursor) => store.find(INCIDENT_DETAIL_KEY, { filter: { openedAt: { $gte: from, $lt: query.to } }, sort: [{ field: 'openedAt', direction: 'asc' }], limit: SCAN, cursor }))) {
    const { id, openedAt, configurationItemId, category, symptom } = incident;
    opened.push({ id, openedAt, configurationItemId, category, symptom });
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
