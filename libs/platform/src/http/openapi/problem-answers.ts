import { DomainError, type DomainErrorTable } from '@itsm/domain';
import { ProblemFilter } from '../problem.filter';
import type { Problem } from '../problem';

/** One answer an operation can give on failure: what the problem filter makes of one error. */
export interface ProblemAnswer {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;
  /** Headers the answer carries besides its content type (lower-case names: etag, retry-after, www-authenticate). */
  readonly headers: readonly string[];
}

/**
 * The answer the one problem filter gives to this error, found by handing it to the filter: so the
 * documented status, code and headers are the ones a client gets, never a copy that could drift.
 */
export function answerOf(error: unknown, path = '/'): ProblemAnswer {
  const { problem, headers } = ProblemFilter.outcome(error);
  // As a client reads it: the JSON the filter sends, parsed.
  const answered = JSON.parse(JSON.stringify({ ...problem, instance: path })) as Problem;
  return { status: problem.status, code: problem.code, problem: answered, headers: Object.keys(headers) };
}

/** Every rule of an aggregate's error table, as the filter answers it (the rule in words as its detail). */
export function domainProblems(table: DomainErrorTable): ProblemAnswer[] {
  return Object.entries(table).map(([code, { kind, rule }]) => answerOf(new DomainError(code, rule, kind)));
}
