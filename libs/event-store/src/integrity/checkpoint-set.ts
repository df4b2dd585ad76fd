import type { EventStore, RecordedEvent } from '../event-store';
import type { Position } from '../position';
import { LOG_CHECKPOINTS_STREAM, LOG_CHECKPOINT_SIGNED, parseCheckpoint, sameCheckpoint, type LogCheckpoint } from './checkpoint';
import { signatureStatus, type TrustedKeys } from './checkpoint-signing';
import { earlierBreak, integrityBreak, type IntegrityBreak } from './integrity-break';

/** A checkpoint and where the evidence for it sits: its event in the log, or only a kept copy. */
export interface KnownCheckpoint {
  readonly checkpoint: LogCheckpoint;
  /** The checkpoint event's own position, null when the log does not have it (only a copy does). */
  readonly recordedAt: Position | null;
  /** Its revision in log-checkpoints, null likewise: a break in it names the event as fully as any other. */
  readonly revision: number | null;
}

/**
 * Every checkpoint the log and the kept copies know, in sequence, each checked on its own: its
 * signature by a trusted key, its place in the sequence (it starts where the previous one ended,
 * and counts on from it), and, where the log and a copy both have it, that they agree. A copy
 * stands in for a checkpoint the log lost, which is how a cut-off end of the log is found.
 */
export interface CheckpointSet {
  readonly checkpoints: readonly KnownCheckpoint[];
  /** The earliest problem with the checkpoints themselves, by position. */
  readonly firstBreak: IntegrityBreak | null;
}

export async function loadCheckpoints(store: EventStore, trusted: TrustedKeys, keptCopies: readonly LogCheckpoint[] = []): Promise<CheckpointSet> {
  let firstBreak: IntegrityBreak | null = null;
  const note = (found: IntegrityBreak) => (firstBreak = earlierBreak(firstBreak, found));
  const bySequence = new Map<number, KnownCheckpoint>();
  for (const event of await readWhole(store, LOG_CHECKPOINTS_STREAM)) {
    if (event.type !== LOG_CHECKPOINT_SIGNED) continue;
    const parsed = parseCheckpoint(event.data);
    if (typeof parsed === 'string') note(integrityBreak('checkpoint_malformed', event, parsed));
    else if (!bySequence.has(parsed.sequence)) bySequence.set(parsed.sequence, { checkpoint: parsed, recordedAt: event.position, revision: event.revision });
  }
  for (const copy of keptCopies) {
    const inLog = bySequence.get(copy.sequence);
    if (inLog === undefined) bySequence.set(copy.sequence, { checkpoint: copy, recordedAt: null, revision: null });
    else if (!sameCheckpoint(inLog.checkpoint, copy)) {
      note(integrityBreak('checkpoint_differs_from_copy', whereRecorded(inLog), `checkpoint ${copy.sequence}`));
      // The copy was kept outside the system's reach: it is what the log is compared with.
      bySequence.set(copy.sequence, { ...inLog, checkpoint: copy });
    }
  }
  // Only checkpoints whose signature holds are evidence about the events; the others are the break.
  const checkpoints: KnownCheckpoint[] = [];
  for (const known of [...bySequence.values()].sort((a, b) => a.checkpoint.sequence - b.checkpoint.sequence)) {
    const problem = signatureProblem(known, trusted) ?? sequenceProblem(known, checkpoints[checkpoints.length - 1]?.checkpoint ?? null);
    if (problem) note(problem);
    if (problem?.reason !== 'checkpoint_signature_invalid' && problem?.reason !== 'checkpoint_untrusted_key') checkpoints.push(known);
  }
  return { checkpoints, firstBreak };
}

const whereRecorded = (known: KnownCheckpoint) =>
  known.recordedAt === null ? { position: known.checkpoint.position } : { position: known.recordedAt, stream: LOG_CHECKPOINTS_STREAM, revision: known.revision };

function signatureProblem(known: KnownCheckpoint, trusted: TrustedKeys): IntegrityBreak | null {
  const { checkpoint } = known;
  const status = signatureStatus(checkpoint, trusted);
  if (status === 'untrusted') return integrityBreak('checkpoint_untrusted_key', whereRecorded(known), `checkpoint ${checkpoint.sequence}, key ${checkpoint.keyId}`);
  if (status === 'invalid') return integrityBreak('checkpoint_signature_invalid', whereRecorded(known), `checkpoint ${checkpoint.sequence}`);
  return null;
}

/** A checkpoint starts where the previous one ended and counts on from it; a gap is a checkpoint gone. */
function sequenceProblem(known: KnownCheckpoint, previous: LogCheckpoint | null): IntegrityBreak | null {
  const { checkpoint } = known;
  const at = whereRecorded(known);
  const expectedSequence = previous === null ? 1 : previous.sequence + 1;
  if (checkpoint.sequence !== expectedSequence) {
    return integrityBreak('checkpoint_missing', at, `checkpoint ${expectedSequence} is missing before checkpoint ${checkpoint.sequence}`);
  }
  const expectedFrom = previous === null ? null : previous.position;
  const expectedCount = (previous === null ? 0 : previous.eventCount) + checkpoint.entries.length;
  const lastEntry = checkpoint.entries[checkpoint.entries.length - 1] ?? '';
  if (checkpoint.fromPosition !== expectedFrom || checkpoint.eventCount !== expectedCount || !lastEntry.startsWith(`${checkpoint.position} `)) {
    return integrityBreak('checkpoint_malformed', at, `checkpoint ${checkpoint.sequence} does not continue checkpoint ${expectedSequence - 1}`);
  }
  return null;
}

async function readWhole(store: EventStore, stream: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let from = 0; ; ) {
    const page = await store.readStream(stream, { from, max: 500 });
    events.push(...page);
    if (page.length < 500) return events;
    from = (page[page.length - 1] as RecordedEvent).revision + 1;
  }
}
