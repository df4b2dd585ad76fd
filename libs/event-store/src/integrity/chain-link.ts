import { hashEvent } from '../envelope';
import type { RecordedEvent } from '../event-store';
import { integrityBreak, type IntegrityBreak } from './integrity-break';

/** What an event must chain to: its stream's previous event, as far as the checker knows it. */
export interface ChainTip {
  readonly revision: number;
  readonly hash: string;
}

/** Whether the event's hash still covers its content (type, data, metadata and prevHash). */
export function contentBreak(event: RecordedEvent): IntegrityBreak | null {
  const { hash, ...unsealed } = event.metadata;
  if (typeof hash === 'string' && hashEvent(event.stream, event.type, event.storedData ?? event.data, unsealed) === hash) return null;
  return integrityBreak('hash_mismatch', event, `${event.stream} revision ${event.revision}`);
}

/**
 * Whether the event follows `previous` in its stream: the next revision, chained to its hash. A
 * null `previous` means the event must open its stream (revision 0, no prevHash).
 */
export function linkBreak(previous: ChainTip | null, event: RecordedEvent): IntegrityBreak | null {
  const expectedRevision = previous === null ? 0 : previous.revision + 1;
  if (event.revision !== expectedRevision) {
    const gap = event.revision > expectedRevision;
    const missing = event.revision - 1 === expectedRevision ? `revision ${expectedRevision} is missing` : `revisions ${expectedRevision} to ${event.revision - 1} are missing`;
    return integrityBreak('revision_gap', event, `${event.stream} revision ${event.revision} follows revision ${expectedRevision - 1}: ${gap ? missing : 'out of order'}`);
  }
  const expectedPrevHash = previous === null ? null : previous.hash;
  if (event.metadata.prevHash !== expectedPrevHash) {
    return integrityBreak('prev_hash_mismatch', event, `${event.stream} revision ${event.revision}`);
  }
  return null;
}

/** Both checks: the link to `previous`, then the content. */
export function eventBreak(previous: ChainTip | null, event: RecordedEvent): IntegrityBreak | null {
  return linkBreak(previous, event) ?? contentBreak(event);
}

export const tipOf = (event: RecordedEvent): ChainTip => ({ revision: event.revision, hash: event.metadata.hash });

/**
 * The revision of the first event of a stream slice that breaks its chain, null when it holds.
 * Events must be in stream order; a slice that starts mid-stream trusts its first prevHash
 * (nothing earlier to compare with).
 */
export function verifyChain(events: readonly RecordedEvent[]): number | null {
  let previous: ChainTip | null = null;
  for (const [index, event] of events.entries()) {
    const trusted = index === 0 && event.revision > 0 ? { revision: event.revision - 1, hash: event.metadata.prevHash ?? '' } : previous;
    if (eventBreak(trusted, event) !== null) return event.revision;
    previous = tipOf(event);
  }
  return null;
}
