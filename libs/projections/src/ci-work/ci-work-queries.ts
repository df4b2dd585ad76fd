import type { ReadStore } from '@itsm/read-store/port';
import { findAll } from '../cmdb-relationships/find-all';
import { CI_WORK_KEY, type CiWorkItemDocument } from './ci-work-projection';

export interface CiWorkItem {
  readonly id: string;
  readonly number: string | null;
  readonly title: string;
  readonly openedAt: string;
}

export interface CiWork {
  readonly openIncidents: readonly CiWorkItem[];
  readonly openChanges: readonly CiWorkItem[];
}

/**
 * Open incidents raised against the CI and open changes affecting it, oldest first. Open changes
 * are read whole and filtered here: the store cannot match inside an array, and few are open at once.
 */
export async function findCiWork(store: ReadStore, ciId: string): Promise<CiWork> {
  const [incidents, changes] = await Promise.all([
    findAll<CiWorkItemDocument>(store, CI_WORK_KEY, { kind: 'incident', open: true, ciId }),
    findAll<CiWorkItemDocument>(store, CI_WORK_KEY, { kind: 'change', open: true }),
  ]);
  return {
    openIncidents: incidents.sort(byAge).map(item),
    openChanges: changes.filter((change) => change.ciIds.includes(ciId)).sort(byAge).map(item),
  };
}

const item = ({ workId, number, title, openedAt }: CiWorkItemDocument): CiWorkItem => ({ id: workId, number: number ?? null, title, openedAt });
const byAge = (a: CiWorkItemDocument, b: CiWorkItemDocument): number => a.openedAt.localeCompare(b.openedAt) || a.workId.localeCompare(b.workId);
