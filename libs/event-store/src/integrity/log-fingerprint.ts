import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import type { RecordedEvent } from '../event-store';

/** The running hash before the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** Hex digits of an event's fingerprint a checkpoint keeps per event: enough to tell events apart, small enough to keep all. */
export const ENTRY_FINGERPRINT_LENGTH = 16;

/**
 * What an event is at its place in the log: where it sits (position, stream, revision), when the
 * store recorded it, and its hash, which covers its content and its stream's chain. Two logs with
 * the same fingerprints in the same order hold the same events in the same places.
 */
export function fingerprintOf(event: RecordedEvent): string {
  const placed = [event.position, event.stream, event.revision, event.metadata.hash, event.recordedAt];
  return createHash('sha256').update(canonicalJson(placed)).digest('hex');
}

/** The running hash after one more event: each step covers every event before it, in log order. */
export function nextRunningHash(runningHash: string, fingerprint: string): string {
  return createHash('sha256').update(runningHash).update(fingerprint).digest('hex');
}

/** One event as a checkpoint keeps it: its position and the head of its fingerprint. */
export function entryOf(position: string, fingerprint: string): string {
  return `${position} ${fingerprint.slice(0, ENTRY_FINGERPRINT_LENGTH)}`;
}

export function parseEntry(entry: string): { readonly position: string; readonly fingerprint: string } {
  const space = entry.indexOf(' ');
  return { position: entry.slice(0, space), fingerprint: entry.slice(space + 1) };
}
