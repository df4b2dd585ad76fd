import type { ImpactedCi } from '@itsm/domain';
import { InvalidCursorError } from '@itsm/read-store/port';

/**
 * A keyset cursor over an impact answer, which is ordered by depth then id: the last item's depth
 * and id, base64url JSON, opaque to clients. On an unchanged graph the pages neither repeat nor
 * skip a CI; if the graph changes between two pages, a CI whose depth moved may be skipped or repeated.
 */
export function impactCursor(last: ImpactedCi): string {
  return Buffer.from(JSON.stringify({ depth: last.depth, ciId: last.ciId }), 'utf8').toString('base64url');
}

/** The index of the first item after the cursor; InvalidCursorError for anything this query did not make. */
export function startAfterCursor(impacted: readonly ImpactedCi[], cursor: string): number {
  const { depth, ciId } = decode(cursor);
  const index = impacted.findIndex((ci) => ci.depth > depth || (ci.depth === depth && ci.ciId > ciId));
  return index === -1 ? impacted.length : index;
}

function decode(cursor: string): { depth: number; ciId: string } {
  if (cursor.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw new InvalidCursorError();
  try {
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    const { depth, ciId } = (body ?? {}) as Record<string, unknown>;
    if (Number.isInteger(depth) && typeof ciId === 'string') return { depth: depth as number, ciId };
  } catch {
    // not JSON: refused below
  }
  throw new InvalidCursorError();
}
