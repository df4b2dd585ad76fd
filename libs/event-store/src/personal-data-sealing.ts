import type { DomainEvent } from './envelope';

/**
 * Seals the personal fields of decided events before they are hashed and stored, so that the log
 * holds them only as ciphertext under a key per person, kept apart from the log (ADR 20). What
 * writes facts (the write path, importers) takes one; `@itsm/personal-data` implements it.
 * Refuses (throws) when a field would have to be sealed for a person whose data was erased.
 */
export interface PersonalDataSealing {
  seal(stream: string, events: readonly DomainEvent[]): Promise<DomainEvent[]>;
}
