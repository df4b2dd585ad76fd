import type { EventStore, RecordedEvent } from '../event-store';
import type { Position } from '../position';
import { eventBreak } from './chain-link';
import type { LogCheckpoint } from './checkpoint';
import { loadCheckpoints, type KnownCheckpoint } from './checkpoint-set';
import type { TrustedKeys } from './checkpoint-signing';
import { earlierBreak, integrityBreak, type IntegrityBreak } from './integrity-break';
import { ENTRY_FINGERPRINT_LENGTH, fingerprintOf, GENESIS_HASH, nextRunningHash, parseEntry } from './log-fingerprint';
import { StreamTips } from './stream-tips';

export interface VerifyOptions {
  readonly trusted: TrustedKeys;
  /** Checkpoints kept outside the log: an auditor's file, the read model's copies. */
  readonly keptCopies?: readonly LogCheckpoint[];
  /**
   * Verify the events from `from` up to `to`, both included. The walk starts at the last checkpoint
   * before `from` (its running hash is where the check resumes), so a few events before it are
   * checked too; `eventsChecked` counts those in the range.
   */
  readonly from?: Position | null;
  readonly to?: Position | null;
  readonly pageSize?: number;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly checkpointsChecked: number;
  readonly firstBreak: IntegrityBreak | null;
}

/**
 * Walks the log in order and checks every event three ways: its hash still covers its content,
 * it chains to its stream's previous event, and it is the event the signed checkpoints say sits at
 * its position (each checkpoint lists every event it covers, and the running hash over the whole
 * log up to it). Stops at the first break; events after the last checkpoint are checked by their
 * chains only, since nothing signed covers them yet.
 */
export async function verifyLog(store: EventStore, options: VerifyOptions): Promise<VerifyReport> {
  const { checkpoints, firstBreak: checkpointBreak } = await loadCheckpoints(store, options.trusted, options.keptCopies);
  const walk = new CheckpointWalk(checkpoints, options.from ?? null);
  const tips = new StreamTips(store);
  const from = options.from ?? null;
  const to = options.to ?? null;
  const pageSize = options.pageSize ?? 1000;
  let found: IntegrityBreak | null = null;
  let eventsChecked = 0;
  for (let after = walk.startAfter; found === null; ) {
    // As stored (ADR 21): the bytes are verified, whatever shape this code reads them in, or whether it knows it.
    const page = await store.readAll({ after, max: pageSize, asStored: true });
    for (const event of page) {
      if (to !== null && event.position > to) break;
      if (checkpointBreak !== null && event.position > checkpointBreak.position) break;
      found = eventBreak(await tips.previousOf(event), event) ?? walk.pass(event);
      if (found !== null) break;
      tips.advance(event);
      // The lead-in from the checkpoint before `from` is checked, but only the range is counted.
      if (from === null || event.position >= from) eventsChecked++;
    }
    const last = page[page.length - 1];
    if (page.length < pageSize || last === undefined || (to !== null && last.position >= to)) break;
    if (checkpointBreak !== null && last.position > checkpointBreak.position) break;
    after = last.position;
  }
  found = found ?? walk.unmatched(to);
  return report(earlierBreak(checkpointBreak, found), eventsChecked, walk.checked);
}

/**
 * The events the checkpoints list, consumed in log order alongside the log: an event the next
 * entry does not name is missing (the entry comes first) or inserted (the event comes first).
 */
class CheckpointWalk {
  readonly startAfter: Position | null;
  checked = 0;
  private index: number;
  private entry = 0;
  private runningHash: string;
  private eventCount: number;

  constructor(private readonly checkpoints: readonly KnownCheckpoint[], from: Position | null) {
    // Start at the last checkpoint that ends before `from` (one ending at it would skip the event at `from`):
    // its running hash is where the walk resumes.
    let start = -1;
    if (from !== null) checkpoints.forEach((known, index) => void (known.checkpoint.position < from && (start = index)));
    const base = start >= 0 ? (checkpoints[start] as KnownCheckpoint).checkpoint : null;
    this.index = start + 1;
    this.startAfter = base?.position ?? null;
    this.runningHash = base?.runningHash ?? GENESIS_HASH;
    this.eventCount = base?.eventCount ?? 0;
  }

  pass(event: RecordedEvent): IntegrityBreak | null {
    const fingerprint = fingerprintOf(event);
    this.runningHash = nextRunningHash(this.runningHash, fingerprint);
    this.eventCount++;
    const current = this.checkpoints[this.index]?.checkpoint;
    if (current === undefined) return null;
    // Before the next checkpoint's range, where an earlier checkpoint is missing (reported as such):
    // nothing lists these events, but that checkpoint's running hash still covers them.
    if (current.fromPosition !== null && event.position <= current.fromPosition) return null;
    const expected = parseEntry(current.entries[this.entry] as string);
    if (expected.position < event.position) return integrityBreak('missing_event', { position: expected.position }, `covered by checkpoint ${current.sequence}`);
    if (expected.position > event.position) return integrityBreak('unexpected_event', event, `${event.stream} revision ${event.revision}, inside checkpoint ${current.sequence}`);
    if (expected.fingerprint !== fingerprint.slice(0, ENTRY_FINGERPRINT_LENGTH)) {
      return integrityBreak('fingerprint_mismatch', event, `${event.stream} revision ${event.revision}, checkpoint ${current.sequence}`);
    }
    if (++this.entry < current.entries.length) return null;
    if (this.runningHash !== current.runningHash || this.eventCount !== current.eventCount) {
      return integrityBreak('running_hash_mismatch', event, `checkpoint ${current.sequence}`);
    }
    this.checked++;
    this.index++;
    this.entry = 0;
    return null;
  }

  /** After the last event read: an entry still expected (up to `to`) names an event the log has lost. */
  unmatched(to: Position | null): IntegrityBreak | null {
    const current = this.checkpoints[this.index]?.checkpoint;
    if (current === undefined) return null;
    const expected = parseEntry(current.entries[this.entry] as string);
    if (to !== null && expected.position > to) return null;
    return integrityBreak('missing_event', { position: expected.position }, `covered by checkpoint ${current.sequence}; the log ends before it`);
  }
}

function report(firstBreak: IntegrityBreak | null, eventsChecked: number, checkpointsChecked: number): VerifyReport {
  return { ok: firstBreak === null, eventsChecked, checkpointsChecked, firstBreak };
}



