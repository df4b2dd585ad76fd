import { ConcurrencyError, type EventStore, type Json, type RecordedEvent } from '../event-store';
import type { Position } from '../position';
import { eventBreak } from './chain-link';
import { LOG_CHECKPOINTS_STREAM, LOG_CHECKPOINT_SIGNED, parseCheckpoint, type LogCheckpoint } from './checkpoint';
import { signatureStatus, type CheckpointSigner, type TrustedKeys } from './checkpoint-signing';
import { integrityBreak, type IntegrityBreak } from './integrity-break';
import { entryOf, fingerprintOf, GENESIS_HASH, nextRunningHash } from './log-fingerprint';
import { StreamTips } from './stream-tips';
import { appendSystemFact, lastEventOf } from './system-events';

export interface LogSealerOptions {
  readonly signer: CheckpointSigner;
  readonly trusted: TrustedKeys;
  /** A checkpoint is signed once this many events are unsealed… */
  readonly everyEvents: number;
  /** …or once this long has passed since the last one, if anything but checkpoints was recorded since. */
  readonly everyMs: number;
  readonly clock: () => Date;
  readonly pageSize?: number;
}

export interface SealOutcome {
  /** Checkpoints signed in this round. */
  readonly sealed: number;
  /** What stopped it: nothing is signed past a break, so a forged event is never sealed as genuine. */
  readonly firstBreak: IntegrityBreak | null;
}

interface Sealing {
  /** The checkpoint stream's last event: what the next checkpoint chains to. */
  lastEvent: RecordedEvent | null;
  last: LogCheckpoint | null;
  readUpTo: Position | null;
  runningHash: string;
  eventCount: number;
  entries: string[];
  /** Whether anything but checkpoints is waiting: checkpoints alone would only seal each other, forever. */
  news: boolean;
  lastSealedAtMs: number;
  readonly tips: StreamTips;
}

/**
 * The background verifier's forward half: reads every event recorded since the last checkpoint,
 * checks its hash and its chain as it passes, and signs a checkpoint over what it checked when
 * one is due. Resumes from the last checkpoint in the log after a restart or a lost race.
 */
export class LogSealer {
  private sealing: Sealing | null = null;
  private readonly pageSize: number;

  constructor(
    private readonly store: EventStore,
    private readonly options: LogSealerOptions,
  ) {
    if (!Number.isInteger(options.everyEvents) || options.everyEvents < 1) throw new RangeError('everyEvents must be a whole number from 1');
    this.pageSize = options.pageSize ?? 1000;
  }

  /** Where sealing stands: the last checkpoint and how far events have been checked. */
  get progress() {
    return { checkpoint: this.sealing?.last?.sequence ?? null, sealedThrough: this.sealing?.last?.position ?? null, checkedThrough: this.sealing?.readUpTo ?? null };
  }

  /** Checks what is new and signs the checkpoints that are due; `force` signs whatever is pending now. */
  async sealDue(force = false): Promise<SealOutcome> {
    const sealing = this.sealing ?? (await this.resume());
    if ('reason' in sealing) return { sealed: 0, firstBreak: sealing };
    let sealed = 0;
    for (;;) {
      const page = await this.store.readAll({ after: sealing.readUpTo, max: this.pageSize, asStored: true });
      for (const event of page) {
        const found = eventBreak(await sealing.tips.previousOf(event), event);
        if (found !== null) return { sealed, firstBreak: found };
        this.take(sealing, event);
        if (sealing.entries.length >= this.options.everyEvents) {
          if (!(await this.seal(sealing))) return { sealed, firstBreak: null };
          sealed++;
        }
      }
      if (page.length < this.pageSize) break;
    }
    const due = force || this.options.clock().getTime() - sealing.lastSealedAtMs >= this.options.everyMs;
    if (sealing.news && due && (await this.seal(sealing))) sealed++;
    return { sealed, firstBreak: null };
  }

  /** Forgets where it stood: the next round starts again from the last checkpoint in the log. */
  reset(): void {
    this.sealing = null;
  }

  private take(sealing: Sealing, event: RecordedEvent): void {
    const fingerprint = fingerprintOf(event);
    sealing.runningHash = nextRunningHash(sealing.runningHash, fingerprint);
    sealing.eventCount++;
    sealing.entries.push(entryOf(event.position, fingerprint));
    sealing.news ||= event.stream !== LOG_CHECKPOINTS_STREAM;
    sealing.tips.advance(event);
    sealing.readUpTo = event.position;
  }

  /** Signs and appends a checkpoint over the pending entries; false when another sealer got there first. */
  private async seal(sealing: Sealing): Promise<boolean> {
    const now = this.options.clock();
    const checkpoint = this.options.signer.sign({
      sequence: (sealing.last?.sequence ?? 0) + 1,
      fromPosition: sealing.last?.position ?? null,
      position: sealing.readUpTo as Position,
      eventCount: sealing.eventCount,
      runningHash: sealing.runningHash,
      entries: sealing.entries,
      signedAt: now.toISOString(),
    });
    const event = { type: LOG_CHECKPOINT_SIGNED, data: checkpoint as unknown as Json };
    const fact = { stream: LOG_CHECKPOINTS_STREAM, event, actor: 'system:log-sealer', at: checkpoint.signedAt, identity: ['checkpoint', String(checkpoint.sequence)], schemaVersion: 1 };
    try {
      await appendSystemFact(this.store, fact, sealing.lastEvent);
    } catch (error) {
      this.sealing = null;
      if (error instanceof ConcurrencyError) return false;
      throw error;
    }
    const recorded = await lastEventOf(this.store, LOG_CHECKPOINTS_STREAM);
    if (recorded === null || (recorded.data as unknown as LogCheckpoint).signature !== checkpoint.signature) {
      // A rival sealer's checkpoint holds this number: continue from its word, not ours.
      this.sealing = null;
      return false;
    }
    Object.assign(sealing, { lastEvent: recorded, last: checkpoint, entries: [], news: false, lastSealedAtMs: now.getTime() });
    return true;
  }

  private async resume(): Promise<Sealing | IntegrityBreak> {
    const lastEvent = await lastEventOf(this.store, LOG_CHECKPOINTS_STREAM);
    const tips = new StreamTips(this.store);
    const fresh = { lastEvent, entries: [], news: false, tips };
    if (lastEvent === null) {
      return (this.sealing = { ...fresh, last: null, readUpTo: null, runningHash: GENESIS_HASH, eventCount: 0, lastSealedAtMs: 0 });
    }
    const last = parseCheckpoint(lastEvent.data);
    if (typeof last === 'string') return integrityBreak('checkpoint_malformed', lastEvent, last);
    const status = signatureStatus(last, this.options.trusted);
    if (status !== 'valid') return integrityBreak(status === 'untrusted' ? 'checkpoint_untrusted_key' : 'checkpoint_signature_invalid', lastEvent, `checkpoint ${last.sequence}`);
    const { position: readUpTo, runningHash, eventCount } = last;
    return (this.sealing = { ...fresh, last, readUpTo, runningHash, eventCount, lastSealedAtMs: Date.parse(last.signedAt) });
  }
}
