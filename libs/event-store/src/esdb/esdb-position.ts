import { START, type Position as ClientPosition } from '@eventstore/db-client';
import { Position } from '../position';

/**
 * EventStoreDB orders $all by (commit, prepare), two unsigned 64-bit log offsets. Our opaque
 * position writes both as 20 zero-padded digits, `${commit}-${prepare}`, so string comparison keeps
 * that order, and `isPosition` accepts it. Offsets stay bigints end to end: past 2^53 a Number
 * would silently round to a neighbouring position and skip or repeat events.
 */
const WIDTH = 20;
const MAX_U64 = 2n ** 64n - 1n;
const ESDB_POSITION = /^(\d{20})-(\d{20})$/;

export function esdbPosition(commit: bigint, prepare: bigint): Position {
  return `${digits(commit)}-${digits(prepare)}`;
}

export function parseEsdbPosition(position: Position): ClientPosition {
  const match = ESDB_POSITION.exec(position);
  if (!match) throw new Error(`Not an EventStoreDB position: ${position}`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

export function fromClientPosition(position: ClientPosition): Position {
  return esdbPosition(position.commit, position.prepare);
}

/**
 * Before every event: what a subscription on an empty log reports, and a valid `after`. No event
 * sits at (0, 0), which the server uses for its first record, the epoch, so reading after it is
 * reading from the start.
 */
export const LOG_START: Position = esdbPosition(0n, 0n);

/** Where a read or subscription that is to skip everything up to `after` starts. */
export function readFrom(after: Position | null | undefined): ClientPosition | typeof START {
  return after == null || after === LOG_START ? START : parseEsdbPosition(after);
}

function digits(offset: bigint): string {
  if (offset < 0n || offset > MAX_U64) throw new RangeError(`Log position out of range: ${offset}`);
  return offset.toString().padStart(WIDTH, '0');
}
