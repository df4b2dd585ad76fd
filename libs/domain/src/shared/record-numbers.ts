/**
 * Numbers people can say on the phone: INC0010001, CHG0010001. A record's id stays its UUID (its
 * stream); the number is a second name for it, unique per kind, held by a stream of its own
 * (`record-number-INC0010001`, whose first event names the record), so that a number is taken
 * exactly once whoever takes it: a new record, or an imported one that keeps the number it had.
 *
 * New numbers come from a counter per kind (`record-numbers-INC`) in blocks, so that each process
 * takes a block at a time rather than one append per number; a number already held (an imported
 * one) is skipped. They start at 10001, as ServiceNow's do: the numbers of an imported instance
 * usually lie below, and any that do not are skipped, never reused.
 */
export type NumberedKind = 'incident' | 'change' | 'problem';

export const RECORD_NUMBER_PREFIXES: Readonly<Record<NumberedKind, string>> = { incident: 'INC', change: 'CHG', problem: 'PRB' };
/** How a number's kind is said in a sentence ("an incident number such as INC0010001"). */
export const RECORD_KIND_NOUNS: Readonly<Record<NumberedKind, string>> = { incident: 'an incident', change: 'a change', problem: 'a problem' };
const KIND_OF_PREFIX: Readonly<Record<string, NumberedKind>> = { INC: 'incident', CHG: 'change', PRB: 'problem' };
export const FIRST_NEW_RECORD_NUMBER = 10001;
/** The digits of a number as ServiceNow writes them; larger values simply grow longer. */
const DIGITS = 7;
const NUMBER_PATTERN = /^(INC|CHG|PRB)(\d{7,12})$/;

export const RECORD_NUMBER_ASSIGNED = 'RecordNumberAssigned';
export const RECORD_NUMBER_BLOCK_TAKEN = 'RecordNumberBlockTaken';

/** The first event of a number's stream: the record that holds the number. */
export interface RecordNumberAssigned {
  readonly number: string;
  readonly kind: NumberedKind;
  readonly recordId: string;
}

/** A block of new numbers taken by one process, `from` to `to` inclusive. */
export interface RecordNumberBlockTaken {
  readonly kind: NumberedKind;
  readonly from: number;
  readonly to: number;
}

export function formatRecordNumber(kind: NumberedKind, value: number): string {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`Not a record number: ${value}`);
  return `${RECORD_NUMBER_PREFIXES[kind]}${String(value).padStart(DIGITS, '0')}`;
}

/** The kind and value of a number as people type it (any case), or null if it is not one. */
export function parseRecordNumber(text: string): { readonly kind: NumberedKind; readonly number: string; readonly value: number } | null {
  const match = NUMBER_PATTERN.exec(text.toUpperCase());
  if (match === null) return null;
  const kind = KIND_OF_PREFIX[match[1] as string] as NumberedKind;
  const value = Number(match[2]);
  if (!Number.isSafeInteger(value) || value < 1) return null;
  return { kind, number: formatRecordNumber(kind, value), value };
}

export const RECORD_NUMBER_STREAM_PREFIX = 'record-number-';
export const RECORD_NUMBER_COUNTER_STREAM_PREFIX = 'record-numbers-';

export function recordNumberStream(number: string): string {
  return `${RECORD_NUMBER_STREAM_PREFIX}${number}`;
}

export function recordNumberCounterStream(kind: NumberedKind): string {
  return `${RECORD_NUMBER_COUNTER_STREAM_PREFIX}${RECORD_NUMBER_PREFIXES[kind]}`;
}

/** The next block after the last one taken (null: none yet). */
export function nextRecordNumberBlock(kind: NumberedKind, last: RecordNumberBlockTaken | null, size: number): RecordNumberBlockTaken {
  const from = last === null ? FIRST_NEW_RECORD_NUMBER : last.to + 1;
  return { kind, from, to: from + size - 1 };
}
