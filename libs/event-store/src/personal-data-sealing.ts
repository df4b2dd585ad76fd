import type { DomainEvent } from './envelope';

/**
 * Seals the personal fields of decided events before they are hashed and stored, so that the log
 * holds them only as ciphertext under a key per person, kept apart from the log (ADR 20). What
 * writes facts (the write path, importers) takes one; `@itsm/personal-data` implements it.
 * Refuses (throws) when a field would have to be sealed for a person whose data was erased.
 */
export interface PersonalDataSealing {
  seal(stream: string, events: readonly DomainEvent[]): Promise<DomainEvent[]>;
  /**
   * The request as its Idempotency-Key binding fingerprints it: each personal value replaced by a
   * keyed hash under the person's key, so that the binding, which stays in the log, can neither be
   * reversed by guessing nor matched once the person is erased.
   */
  fingerprint(stream: string, request: RequestData): Promise<RequestData>;
  /**
   * The same sealing for the calls of one command (its fingerprint, then its events at each attempt):
   * a person's key is read from the vault once for the command, not at every call. Never kept past
   * the command: an erasure shows to the next one.
   */
  forOneCommand(): PersonalDataSealing;
}

/** A command as the write path fingerprints it: its type and its data. */
export interface RequestData {
  readonly type: string;
  readonly data?: unknown;
}
