import { isPosition } from '@itsm/event-store/port';
import { InvalidCursorError } from '@itsm/read-store/port';
import type { HistoryOrder } from '../shared/page';

/**
 * Where the next page of a record's history starts: the next revision of its own stream to read,
 * and (for a CI, whose history merges in what other CIs recorded about it) the position of the
 * last entry answered. Bound to the record and the order it was made for.
 */
export interface HistoryCursor {
  readonly record: string;
  readonly order: HistoryOrder;
  readonly nextRevision: number;
  readonly lastPosition: string | null;
}

export function encodeHistoryCursor(cursor: HistoryCursor): string {
  return Buffer.from(JSON.stringify([cursor.record, cursor.order, cursor.nextRevision, cursor.lastPosition]), 'utf8').toString('base64url');
}

/** The cursor, or InvalidCursorError when it is malformed or was made for another record or order. */
export function decodeHistoryCursor(text: string, record: string, order: HistoryOrder): HistoryCursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(parts) || parts.length !== 4) throw new InvalidCursorError();
  const [madeFor, madeIn, nextRevision, lastPosition] = parts as unknown[];
  const wellFormed = Number.isInteger(nextRevision) && (nextRevision as number) >= -1 && (nextRevision as number) < 2 ** 31 && (lastPosition === null || (typeof lastPosition === 'string' && isPosition(lastPosition)));
  if (madeFor !== record || madeIn !== order || !wellFormed) throw new InvalidCursorError();
  return { record, order, nextRevision: nextRevision as number, lastPosition: lastPosition as string | null };
}
