import type { Position } from '../position';

/**
 * Why the log stops being what it claims to be. Each reason names one kind of evidence, so an
 * auditor can tell an edited event from a missing one or from a checkpoint that was tampered with.
 */
export const BREAK_REASONS = {
  hash_mismatch: "the event's content does not match its hash: it was changed after it was recorded",
  prev_hash_mismatch: "the event does not chain to its stream's previous event",
  revision_gap: 'the stream skips a revision: an event is missing from it',
  missing_event: 'a signed checkpoint covers an event the log no longer has',
  unexpected_event: 'the log holds an event no signed checkpoint covers at this position: it was inserted',
  fingerprint_mismatch: 'the event differs from the one a signed checkpoint covers at this position',
  running_hash_mismatch: 'the log up to this checkpoint does not hash to what was signed',
  checkpoint_signature_invalid: "a checkpoint's signature does not verify: the checkpoint was forged or altered",
  checkpoint_untrusted_key: 'a checkpoint is signed by a key that is not trusted',
  checkpoint_missing: 'a signed checkpoint is missing from the sequence',
  checkpoint_differs_from_copy: 'a checkpoint in the log differs from a kept copy of it',
  checkpoint_malformed: 'a checkpoint is not well-formed',
} as const;

export type BreakReason = keyof typeof BREAK_REASONS;

/** The first place the log is not what was recorded and signed. */
export interface IntegrityBreak {
  readonly position: Position;
  /** Null when the evidence does not say which stream (an event gone missing, a checkpoint from a copy). */
  readonly stream: string | null;
  readonly revision: number | null;
  readonly reason: BreakReason;
  /** The reason in words, with the particulars (which checkpoint, which revision). */
  readonly detail: string;
}

export function integrityBreak(
  reason: BreakReason,
  at: { readonly position: Position; readonly stream?: string | null; readonly revision?: number | null },
  particulars?: string,
): IntegrityBreak {
  const detail = particulars ? `${BREAK_REASONS[reason]} (${particulars})` : BREAK_REASONS[reason];
  return { position: at.position, stream: at.stream ?? null, revision: at.revision ?? null, reason, detail };
}

/** The earlier of two breaks in log order; a break beats none. */
export function earlierBreak(a: IntegrityBreak | null, b: IntegrityBreak | null): IntegrityBreak | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.position < a.position ? b : a;
}

/**
 * A command found its stream's chain broken: nothing is appended on top of a log that does not
 * hold (500-class: the fault is the system's, not the request's).
 */
export class ChainBrokenError extends Error {
  readonly code = 'integrity.chain_broken';
  constructor(readonly found: IntegrityBreak) {
    super(`The hash chain of ${found.stream ?? 'the log'} is broken at revision ${found.revision ?? '?'} (position ${found.position}): ${found.detail}`);
    this.name = 'ChainBrokenError';
  }
}
