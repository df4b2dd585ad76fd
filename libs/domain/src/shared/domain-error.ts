/**
 * A broken business rule. `code` is stable (clients and tests depend on it); `kind` tells the
 * HTTP shell which status fits: a conflict with the current state (409), a request that is
 * well-formed but not allowed (422), or a missing aggregate (404).
 */
export type DomainErrorKind = 'conflict' | 'not_allowed' | 'not_found';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'conflict',
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
