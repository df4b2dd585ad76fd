import type { ArgumentsHost } from '@nestjs/common';
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
  let status = 500;
  let headers: Record<string, string> = {};
  let body = '';
  const reply = {
    status: (code: number) => ((status = code), reply),
    headers: (given: Record<string, string>) => ((headers = given), reply),
    send: (payload: string) => ((body = payload), reply),
  };
  const host = { switchToHttp: () => ({ getRequest: () => ({ url: path }), getResponse: () => reply }) } as unknown as ArgumentsHost;
  new ProblemFilter().catch(error, host);
  const problem = JSON.parse(body) as Problem;
  return { status, code: problem.code, problem, headers: Object.keys(headers).filter((name) => name !== 'content-type') };
}

/** Every rule of an aggregate's error table, as the filter answers it (the rule in words as its detail). */
export function domainProblems(table: DomainErrorTable): ProblemAnswer[] {
  return Object.entries(table).map(([code, { kind, rule }]) => answerOf(new DomainError(code, rule, kind)));
}
