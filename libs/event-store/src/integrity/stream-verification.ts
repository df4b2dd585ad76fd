import type { EventStore, RecordedEvent } from '../event-store';
import { eventBreak, tipOf, type ChainTip } from './chain-link';
import type { LogCheckpoint } from './checkpoint';
import { loadCheckpoints, type KnownCheckpoint } from './checkpoint-set';
import type { TrustedKeys } from './checkpoint-signing';
import { earlierBreak, integrityBreak, type IntegrityBreak } from './integrity-break';
import { ENTRY_FINGERPRINT_LENGTH, fingerprintOf, parseEntry } from './log-fingerprint';
import type { VerifyReport } from './log-verification';

/**
 * One stream: its chain from revision 0, each event's hash, and each event against the signed
 * checkpoint that covers its position. What a stream alone cannot show (an event cut off its end,
 * the whole stream deleted) the whole-log verification finds, from the checkpoints' lists.
 */
export async function verifyStream(
  store: EventStore,
  stream: string,
  options: { readonly trusted: TrustedKeys; readonly keptCopies?: readonly LogCheckpoint[] },
): Promise<VerifyReport> {
  const { checkpoints, firstBreak: checkpointBreak } = await loadCheckpoints(store, options.trusted, options.keptCopies);
  const consulted = new Set<number>();
  let previous: ChainTip | null = null;
  let found: IntegrityBreak | null = null;
  let eventsChecked = 0;
  for (let from = 0; found === null; ) {
    const page = await store.readStream(stream, { from, max: 500, asStored: true });
    for (const event of page) {
      found = eventBreak(previous, event) ?? againstCheckpoint(event, checkpoints, consulted);
      if (found !== null) break;
      previous = tipOf(event);
      eventsChecked++;
    }
    if (page.length < 500) break;
    from = (page[page.length - 1] as RecordedEvent).revision + 1;
  }
  const firstBreak = earlierBreak(found, checkpointBreak);
  return { ok: firstBreak === null, eventsChecked, checkpointsChecked: consulted.size, firstBreak };
}

function againstCheckpoint(event: RecordedEvent, checkpoints: readonly KnownCheckpoint[], consulted: Set<number>): IntegrityBreak | null {
  const covering = coveringCheckpoint(checkpoints, event.position);
  if (covering === null) return null;
  consulted.add(covering.sequence);
  const entry = findEntry(covering.entries, event.position);
  const at = `${event.stream} revision ${event.revision}, checkpoint ${covering.sequence}`;
  if (entry === null) return integrityBreak('unexpected_event', event, at);
  return entry === fingerprintOf(event).slice(0, ENTRY_FINGERPRINT_LENGTH) ? null : integrityBreak('fingerprint_mismatch', event, at);
}

/** The checkpoint whose range (fromPosition, position] holds `position`; checkpoints are in log order. */
function coveringCheckpoint(checkpoints: readonly KnownCheckpoint[], position: string): LogCheckpoint | null {
  let low = 0;
  let high = checkpoints.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const { checkpoint } = checkpoints[middle] as KnownCheckpoint;
    if (checkpoint.fromPosition !== null && position <= checkpoint.fromPosition) high = middle - 1;
    else if (position > checkpoint.position) low = middle + 1;
    else return checkpoint;
  }
  return null;
}

/** The fingerprint the checkpoint lists at `position`, by binary search (entries are in log order). */
function findEntry(entries: readonly string[], position: string): string | null {
  let low = 0;
  let high = entries.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const entry = parseEntry(entries[middle] as string);
    if (entry.position === position) return entry.fingerprint;
    if (entry.position < position) low = middle + 1;
    else high = middle - 1;
  }
  return null;
}
