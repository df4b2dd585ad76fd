/**
 * The client's If-Match does not hold (RFC 9110, 13.1.1: 412): the ticket is not at a revision it
 * named, or does not exist for `*`. Distinct from a conflict between two writers (409), which the
 * write path retries when the client pinned nothing.
 */
export class PreconditionFailedError extends Error {
  readonly code = 'precondition.failed';
  constructor(
    readonly stream: string,
    readonly ifMatch: '*' | readonly number[],
    /** -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(preconditionMessage(stream, ifMatch, actual));
    this.name = 'PreconditionFailedError';
  }
}

function preconditionMessage(stream: string, ifMatch: '*' | readonly number[], actual: number): string {
  if (ifMatch === '*') return `${stream} does not exist`;
  if (ifMatch.length === 0) return `${stream} is at revision ${actual}, and If-Match names none of its revisions (weak or foreign tags never match)`;
  return `${stream} is at revision ${actual}, not ${ifMatch.join(' or ')}`;
}
