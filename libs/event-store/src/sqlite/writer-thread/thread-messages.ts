import { ConcurrencyError, DuplicateEventIdError, type ExpectedRevision } from '../../event-store';

/** One write's outcome in a group: what a writer thread's commit answers for each write. */
export type WriteOutcome<Result> = { readonly ok: true; readonly result: Result } | { readonly ok: false; readonly error: unknown };

export interface PostedWrite<Request> {
  readonly id: number;
  readonly request: Request;
}

/** Writes go in batches: one message, and one wake-up of the thread, for every write of a tick. */
export type ToWriter<Request> = { readonly kind: 'writes'; readonly writes: readonly PostedWrite<Request>[] } | { readonly kind: 'close' };

export type FromWriter<Result> = { readonly kind: 'settled'; readonly outcomes: readonly SettledWrite<Result>[] } | { readonly kind: 'closed' };

export type SettledWrite<Result> =
  | { readonly id: number; readonly ok: true; readonly result: Result }
  | { readonly id: number; readonly ok: false; readonly error: ErrorOnTheWire };

/**
 * An error as it crosses between threads. Structured cloning keeps an Error's message but not its
 * class or its own fields (a SqliteError's `code`, a ConcurrencyError's revisions), and callers
 * branch on both: the write path retries a ConcurrencyError, the HTTP layer maps codes.
 */
export interface ErrorOnTheWire {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly concurrency?: { readonly stream: string; readonly expected: ExpectedRevision; readonly actual: number };
  readonly duplicate?: { readonly stream: string; readonly eventId: string };
}

export function errorOnTheWire(error: unknown): ErrorOnTheWire {
  if (error instanceof ConcurrencyError) return { name: error.name, message: error.message, concurrency: { stream: error.stream, expected: error.expected, actual: error.actual } };
  if (error instanceof DuplicateEventIdError) return { name: error.name, message: error.message, duplicate: { stream: error.stream, eventId: error.eventId } };
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, stack: error.stack, ...(typeof code === 'string' ? { code } : {}) };
}

/** The error the writer thread met, as the caller would have met it on its own thread. */
export function errorFromTheWire(wire: ErrorOnTheWire): Error {
  if (wire.concurrency) return new ConcurrencyError(wire.concurrency.stream, wire.concurrency.expected, wire.concurrency.actual);
  if (wire.duplicate) return new DuplicateEventIdError(wire.duplicate.stream, wire.duplicate.eventId);
  const error = new Error(wire.message) as Error & { code?: string };
  error.name = wire.name;
  if (wire.stack !== undefined) error.stack = wire.stack;
  if (wire.code !== undefined) error.code = wire.code;
  return error;
}
