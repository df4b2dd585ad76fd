import type { Filter, Page, ReadStore } from '@itsm/read-store/port';
import { filterOf, type OneOrMany } from '../shared/any-of';
import type { PageRequest } from '../shared/page';
import { matchKey } from './match-key';
import { PROBLEM_RECORDS_KEY, type ProblemRecordDocument } from './problem-record-document';

export function getProblemRecord(store: ReadStore, problemId: string): Promise<ProblemRecordDocument | null> {
  return store.get<ProblemRecordDocument>(PROBLEM_RECORDS_KEY, problemId);
}

export interface ProblemQueueFilter {
  /** One group or several. */
  readonly assignmentGroup?: OneOrMany<string>;
  /** One or more statuses; default: every live one (neither closed nor cancelled). */
  readonly statuses?: readonly string[];
}

/** A group's problems (or every group's), the most urgent first, then the oldest. */
export function findProblems(store: ReadStore, filter: ProblemQueueFilter, page: PageRequest): Promise<Page<ProblemRecordDocument>> {
  const where: Record<string, Filter[string]> = { ...filterOf({ assignmentGroup: filter.assignmentGroup }) };
  if (filter.statuses === undefined) where['active'] = true;
  else where['status'] = { $in: [...filter.statuses] };
  return store.find<ProblemRecordDocument>(PROBLEM_RECORDS_KEY, {
    filter: where,
    sort: [{ field: 'priority', direction: 'asc' }, { field: 'raisedAt', direction: 'asc' }],
    ...page,
  });
}

export interface KnownErrorSearch {
  readonly configurationItemId?: string;
  /** Matched whole, case and outer spaces aside: "Email" finds the known errors of category email, "mail" does not. */
  readonly category?: string;
  /** Matched whole, case and outer spaces aside: known errors are found by the symptom people report. */
  readonly symptom?: string;
}

/** Published known errors (of problems not cancelled), newest problems first. */
export function findKnownErrors(store: ReadStore, search: KnownErrorSearch, page: PageRequest): Promise<Page<ProblemRecordDocument>> {
  const where: Record<string, Filter[string]> = { knownErrorSymptom: { $gte: '' } };
  if (search.configurationItemId !== undefined) where['knownErrorCiId'] = search.configurationItemId;
  if (search.category !== undefined) where['knownErrorCategory'] = matchKey(search.category);
  if (search.symptom !== undefined) where['knownErrorSymptom'] = matchKey(search.symptom);
  return store.find<ProblemRecordDocument>(PROBLEM_RECORDS_KEY, { filter: where, sort: [{ field: 'raisedAt', direction: 'desc' }], ...page });
}
