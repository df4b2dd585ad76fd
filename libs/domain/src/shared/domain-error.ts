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

/** An aggregate's rules: each stable code with its kind and the rule in words (for docs and messages). */
export type DomainErrorTable = Readonly<Record<string, { readonly kind: DomainErrorKind; readonly rule: string }>>;

/** The thrower for one aggregate's table: the kind comes from the table, so code and kind never disagree. */
export function domainErrors<T extends DomainErrorTable>(table: T) {
  return (code: keyof T & string, message: string = table[code]?.rule ?? code, details: Readonly<Record<string, unknown>> = {}): DomainError =>
    new DomainError(code, message, (table[code] as T[keyof T]).kind, details);
}
