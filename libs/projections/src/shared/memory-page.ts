import { InvalidCursorError, type Page } from '@itsm/read-store/port';
import type { PageRequest } from './page';

/**
 * Lists computed whole in memory (configuration folded from its short stream, a fixed catalogue,
 * trend clusters) are paged like the stored ones: `limit`, then `nextCursor`. The cursor says how
 * many items were served and the question they answer (the parameters that shape the list, and
 * anything pinned for the following pages, such as the instant judged), so that a cursor replayed
 * against another question is refused rather than skipping items silently.
 */
interface MemoryCursor {
  readonly q: unknown;
  readonly n: number;
}

export function pageInMemory<T>(items: readonly T[], page: PageRequest, question: unknown = null): Page<T> {
  const served = page.cursor ? servedBy(page.cursor, question) : 0;
  const end = served + page.limit;
  return { items: items.slice(served, end), nextCursor: items.length > end ? encode({ q: question, n: end }) : null };
}

/** The question a cursor was made for, for the values it pins (an instant) when the caller does not repeat them. */
export function questionOfCursor(cursor: string): unknown {
  return decode(cursor).q;
}

function servedBy(cursor: string, question: unknown): number {
  const body = decode(cursor);
  if (JSON.stringify(body.q) !== JSON.stringify(question)) throw new InvalidCursorError();
  return body.n;
}

function encode(cursor: MemoryCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decode(cursor: string): MemoryCursor {
  try {
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<MemoryCursor> | null;
    if (body !== null && typeof body === 'object' && 'q' in body && Number.isSafeInteger(body.n) && (body.n as number) > 0) return { q: body.q, n: body.n as number };
  } catch {
    // Not ours: refused below like any other malformed cursor.
  }
  throw new InvalidCursorError();
}
