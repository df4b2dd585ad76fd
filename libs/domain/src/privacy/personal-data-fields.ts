/**
 * Personal data in facts (ADR 20). The log keeps a person's data only sealed under that person's
 * key, kept apart from the log; erasing the person deletes the key, and every fact that held their
 * data then reads ERASED where the data was, while the facts, their hashes and the replay stay.
 */

/** What a personal field reads as once its person's key was erased. */
export const ERASED = '[erased]';

/**
 * Where one type of fact holds a person's data: dot paths of the fields, and the path of the field
 * naming the person (the data subject). With no subject path, or an empty subject, the data is the
 * person's the stream was first sealed for: an edit of the caller's location is the caller's.
 */
export interface PersonalFields {
  readonly subject: string | null;
  readonly fields: readonly string[];
}

/** By event type. */
export type PersonalDataMap = Readonly<Record<string, PersonalFields>>;
