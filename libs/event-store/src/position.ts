/**
 * A position in the global log. Opaque to clients; adapters encode it so that plain string
 * comparison orders it (fixed-width digits), which lets any layer compare positions without
 * knowing which store produced them.
 */
export type Position = string;

const WIDTH = 20;
const SEQUENCE = /^\d{20}$/;

/** Encodes a store's sequence number (SQLite rowid, in-memory index). */
export function sequencePosition(sequence: number | bigint): Position {
  return sequence.toString().padStart(WIDTH, '0');
}

export function sequenceOf(position: Position): number {
  if (!SEQUENCE.test(position)) throw new Error(`Not a sequence position: ${position}`);
  return Number(position);
}

export function isPosition(value: string): boolean {
  return /^\d{20}(-\d{20})?$/.test(value);
}

export function comparePositions(a: Position, b: Position): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when `position` is at or after `target`; null means "before the first event". */
export function hasReached(position: Position | null, target: Position): boolean {
  return position !== null && comparePositions(position, target) >= 0;
}
