/**
 * The vault: one data key per person (data subject), kept apart from the log and the read models,
 * so that deleting a key erases that person's data from every fact sealed with it (ADR 20). The
 * vault is the one mutable store of record: it is backed up on its own, and never rebuilt.
 */
/**
 * A person as the vault knows them: Unicode-normalised, trimmed, inner spacing collapsed and case
 * folded, so that "  Dave Trim " and "dave trim" are one person, and an erasure finds every spelling.
 */
export function normalisedSubject(subject: string): string {
  // Printable ASCII (most names given) is its own NFKC form, its one space is its only whitespace, and
  // its lower case is the same in every locale: the same answer without ICU, about ten times faster.
  if (PRINTABLE_ASCII.test(subject)) return subject.trim().replace(/ {2,}/g, ' ').toLowerCase();
  return subject.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('und');
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export interface SubjectKey {
  readonly keyId: string;
  readonly key: Buffer;
}

/** A key as the vault answers for it: the key, or that it was erased. Unknown ids are absent. */
export type KeyLookup = Buffer | 'erased';

export interface Erasure {
  readonly erasureId: string;
  readonly erasedAt: string;
}

export interface PersonalDataVault {
  /** The person's key, made on first use (once, whoever asks at the same time). Names are taken as normalisedSubject reads them. */
  keyFor(subject: string, now: string): Promise<SubjectKey>;
  /** The id of the person's key, null when the vault holds nothing of them (never, or erased). */
  keyIdOf(subject: string): Promise<string | null>;
  keys(keyIds: readonly string[]): Promise<Map<string, KeyLookup>>;
  /** Records that the stream holds the person's data; the stream's person from now on. */
  linkStream(stream: string, keyId: string): Promise<void>;
  /** The key of the person the stream was last linked to, null when none was. */
  streamKey(stream: string): Promise<{ readonly keyId: string; readonly key: KeyLookup } | null>;
  /** Every stream ever linked to the key, in name order. */
  streamsOf(keyId: string): Promise<string[]>;
  /** Deletes the key and the person's name; keeps the key id with when and by which erasure. Idempotent. */
  erase(keyId: string, erasure: Erasure): Promise<void>;
  /** Throws when the vault cannot be reached (for health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The vault cannot be reached now (its writer thread stopped, its MongoDB is unreachable): nothing sealed through it was appended, and retrying later may work. */
export class PersonalDataVaultUnavailableError extends Error {
  readonly code = 'personal_data.vault_unavailable';
  constructor(reason: string) {
    super(`The personal data vault is unavailable: ${reason}`);
    this.name = 'PersonalDataVaultUnavailableError';
  }
}

export class PersonalDataKeyMissingError extends Error {
  readonly code = 'personal_data.key_missing';
  constructor(readonly keyId: string) {
    super(`Personal data sealed with key ${keyId} cannot be read: the vault neither holds the key nor records its erasure (is the vault the one this log was written with?)`);
    this.name = 'PersonalDataKeyMissingError';
  }
}
