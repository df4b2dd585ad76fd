import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore, type FindQuery, type ReadStore } from '@itsm/read-store';
import { CONFIGURATION_ITEMS_COLLECTION } from '../configuration-items/configuration-item-document';
import { listConfigurationItems } from '../configuration-items/configuration-items-queries';
import { INCIDENT_DETAIL_COLLECTION } from '../incident-detail/incident-detail-document';
import { listIncidents } from '../incident-detail/incident-detail-queries';
import { PROBLEM_RECORDS_COLLECTION } from '../problem-records/problem-record-document';
import { findProblems } from '../problem-records/problem-record-queries';
import { SLA_CLOCKS_COLLECTION } from '../sla-clocks/sla-clock-document';
import { findSlaBoard } from '../sla-clocks/sla-clocks-queries';
import { WORK_QUEUES_COLLECTION, WORK_QUEUES_KEY } from '../work-queues/work-queue-item';
import { findGroupQueue, findUnassignedQueue } from '../work-queues/work-queues-queries';

/**
 * The store the query functions read through, noting SQLite's plan of each find, asked as written
 * and again as its next page (with a cursor) would be.
 */
function planning(sqlite: SqliteReadStore): { store: ReadStore; searches: string[]; nextPageSearches: string[] } {
  const searches: string[] = [];
  const nextPageSearches: string[] = [];
  const searchOf = (plan: string[]) => plan.find((step) => step.startsWith('SEARCH')) ?? plan.join('; ');
  const find = async (collection: string, query: FindQuery) => {
    searches.push(searchOf(await sqlite.queryPlan(collection, query)));
    nextPageSearches.push(searchOf(await sqlite.queryPlan(collection, query, 'next')));
    return sqlite.find(collection, query);
  };
  const store = new Proxy(sqlite, { get: (target, name) => (name === 'find' ? find : Reflect.get(target, name, target)) }) as ReadStore;
  return { store, searches, nextPageSearches };
}

const page = { limit: 50 };
const NOW = '2026-11-30T12:00:00.000Z';

/**
 * Each list query, asked with one value of a filter and with several: the same index sought both
 * ways; and its next page, with one value, sought from the cursor on.
 */
const CASES: [string, (store: ReadStore, values: readonly string[] | readonly number[]) => Promise<unknown>][] = [
  ['incidents by status', (store, values) => listIncidents(store, { status: values as never, ...page })],
  ['incidents by assignment group', (store, values) => listIncidents(store, { assignmentGroup: values as string[], ...page })],
  ['incidents by assignee', (store, values) => listIncidents(store, { assignee: values as string[], ...page })],
  ['incidents by category', (store, values) => listIncidents(store, { category: values as string[], ...page })],
  ['incidents by priority', (store, values) => listIncidents(store, { priority: values as never, ...page })],
  ['unassigned incidents by group', (store, values) => findUnassignedQueue(store, { assignmentGroup: values as string[] }, page)],
  ["a group's queue by priority", (store, values) => findGroupQueue(store, 'network', page, { priority: values as never })],
  ['CIs by class', (store, values) => listConfigurationItems(store, { ciClass: values as string[], ...page })],
  ['CIs by status', (store, values) => listConfigurationItems(store, { status: values as never, ...page })],
  ['CIs by owner group', (store, values) => listConfigurationItems(store, { ownerGroup: values as string[], ...page })],
  ['problems by group', (store, values) => findProblems(store, { assignmentGroup: values as string[] }, page)],
  ['the breach board by group', (store, values) => findSlaBoard(store, { now: NOW, state: 'at_risk', assignmentGroup: values as string[] }, page)],
];

const VALUES: Record<string, [readonly (string | number)[], readonly (string | number)[]]> = {
  'incidents by status': [['new'], ['new', 'on_hold']],
  'incidents by priority': [[1], [1, 2]],
  "a group's queue by priority": [[1], [1, 2]],
  'CIs by status': [['in_use'], ['in_use', 'maintenance']],
};

/**
 * Where SQLite seeks another index for several values: still a seek. Unassigned incidents of several
 * groups are read by the index that keeps the queue's order (active, unassigned, by priority) rather
 * than by each group's and then sorted; it stops at the page's end.
 */
const OTHER_SEEK: Record<string, string> = {
  'unassigned incidents by group': `SEARCH doc_${WORK_QUEUES_KEY} USING INDEX ix_${WORK_QUEUES_KEY}(active,assignee,priority,openedAt)`,
};

describe('List queries seek, with several values of a filter, the index they seek with one, and a later page from its cursor (SQLite)', () => {
  let directory: string;
  let sqlite: SqliteReadStore;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'list-plans-'));
    sqlite = new SqliteReadStore({ filename: join(directory, 'read.db') });
    for (const collection of [INCIDENT_DETAIL_COLLECTION, WORK_QUEUES_COLLECTION, CONFIGURATION_ITEMS_COLLECTION, PROBLEM_RECORDS_COLLECTION, SLA_CLOCKS_COLLECTION]) await sqlite.ensureCollection(collection);
  });
  afterAll(async () => {
    await sqlite.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it.each(CASES)('%s', async (label, query) => {
    const [one, several] = VALUES[label] ?? [['a'], ['a', 'b']];
    const { store, searches, nextPageSearches } = planning(sqlite);
    await query(store, one as never);
    await query(store, several as never);
    const [single, multiple] = searches.map((search) => search.replace(/ \(.*$/, ''));
    expect(single).toMatch(/^SEARCH .* USING INDEX /);
    expect(multiple).toBe(OTHER_SEEK[label] ?? single);
    // A later page seeks past its cursor in the same index (a row-value range), however deep it is.
    const [singleNext] = nextPageSearches;
    expect(singleNext?.replace(/ \(.*$/, '')).toBe(single);
    expect(singleNext).toMatch(/\([^()]*id\)>\(\?(,\?)*\)\)$/);
  });
});
