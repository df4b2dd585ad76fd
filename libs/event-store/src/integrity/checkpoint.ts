import { canonicalJson } from '../canonical-json';
import type { Json } from '../event-store';
import { isPosition, type Position } from '../position';

/** The stream signed checkpoints are appended to; the log carries its own seals. */
export const LOG_CHECKPOINTS_STREAM = 'log-checkpoints';
export const LOG_CHECKPOINT_SIGNED = 'LogCheckpointSigned';
export const CHECKPOINT_ALGORITHM = 'Ed25519';

/**
 * A signed statement about the log: the events after `fromPosition` up to and including
 * `position` are exactly these (`entries`: each event's position and fingerprint), and the
 * running hash over every event from the start of the log to `position` is `runningHash`.
 * Checkpoints are numbered from 1 and each starts where the previous one ended, so a missing one
 * shows as a gap in the sequence.
 */
export interface LogCheckpoint {
  readonly sequence: number;
  readonly fromPosition: Position | null;
  readonly position: Position;
  /** Events covered from the start of the log to `position`. */
  readonly eventCount: number;
  readonly runningHash: string;
  /** `"<position> <fingerprint head>"` for every event in (fromPosition, position], in log order. */
  readonly entries: readonly string[];
  readonly signedAt: string;
  readonly keyId: string;
  readonly algorithm: typeof CHECKPOINT_ALGORITHM;
  /** Ed25519 over the canonical JSON of every other field, base64. */
  readonly signature: string;
}

export type UnsignedCheckpoint = Omit<LogCheckpoint, 'signature'>;

/** The bytes a checkpoint's signature covers. */
export function signedPayload(checkpoint: UnsignedCheckpoint | LogCheckpoint): Buffer {
  const { signature: _signature, ...unsigned } = checkpoint as LogCheckpoint;
  return Buffer.from(canonicalJson(unsigned as unknown as Json), 'utf8');
}

const HEX64 = /^[0-9a-f]{64}$/;
const ENTRY = /^\S+ [0-9a-f]{16}$/;

/**
 * A checkpoint from the log or from a copy an auditor kept: every field present and of its kind,
 * or the reason it is not a checkpoint. Signature and content are checked elsewhere.
 */
export function parseCheckpoint(value: unknown): LogCheckpoint | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not an object';
  const c = value as Record<string, unknown>;
  const problems = [
    Number.isInteger(c['sequence']) && (c['sequence'] as number) >= 1 ? null : 'sequence must be a whole number from 1',
    c['fromPosition'] === null || (typeof c['fromPosition'] === 'string' && isPosition(c['fromPosition'])) ? null : 'fromPosition must be a position or null',
    typeof c['position'] === 'string' && isPosition(c['position']) ? null : 'position must be a position',
    Number.isInteger(c['eventCount']) && (c['eventCount'] as number) >= 1 ? null : 'eventCount must be a whole number from 1',
    typeof c['runningHash'] === 'string' && HEX64.test(c['runningHash']) ? null : 'runningHash must be 64 hex digits',
    Array.isArray(c['entries']) && c['entries'].length > 0 && c['entries'].every((e) => typeof e === 'string' && ENTRY.test(e)) ? null : 'entries must be "<position> <16 hex digits>" strings',
    typeof c['signedAt'] === 'string' && !Number.isNaN(Date.parse(c['signedAt'])) ? null : 'signedAt must be an instant',
    typeof c['keyId'] === 'string' && c['keyId'].length > 0 ? null : 'keyId must be given',
    c['algorithm'] === CHECKPOINT_ALGORITHM ? null : `algorithm must be ${CHECKPOINT_ALGORITHM}`,
    typeof c['signature'] === 'string' && c['signature'].length > 0 ? null : 'signature must be given',
  ].filter((problem): problem is string => problem !== null);
  if (problems.length > 0) return problems.join('; ');
  const { sequence, fromPosition, position, eventCount, runningHash, entries, signedAt, keyId, algorithm, signature } = c as unknown as LogCheckpoint;
  return { sequence, fromPosition, position, eventCount, runningHash, entries, signedAt, keyId, algorithm, signature };
}

/** Whether two copies of a checkpoint say the same thing, to the byte. */
export function sameCheckpoint(a: LogCheckpoint, b: LogCheckpoint): boolean {
  return signedPayload(a).equals(signedPayload(b)) && a.signature === b.signature;
}
