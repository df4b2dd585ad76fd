import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson, ConcurrencyError, sealEvents, type EventStore, type Json } from '@itsm/event-store/port';
import type { CommandEnvelope } from './command-envelope';

/**
 * Which request an Idempotency-Key was first used for, one tiny stream per key. The key alone
 * decides the command id (scoped to the caller), so without this record a key reused for another
 * incident, another action or another body would either be mistaken for a retry (and silently
 * dropped) or append a second command under the same ids. Records live in the log, so a key is
 * remembered for as long as the log is kept, by every command-api instance.
 */
export const IDEMPOTENCY_STREAM_PREFIX = 'idempotency-';
export const idempotencyStream = (commandId: string): string => `${IDEMPOTENCY_STREAM_PREFIX}${commandId}`;
export const IDEMPOTENCY_KEY_CLAIMED = 'IdempotencyKeyClaimed';
export const IDEMPOTENCY_CLAIM_RELEASED = 'IdempotencyClaimReleased';

export interface IdempotencyClaim {
  readonly commandId: string;
  /** What the request asked: SHA-256 of its stream, command type and data (see requestHash). */
  readonly requestHash: string;
  readonly stream: string;
  readonly commandType: string;
  /** The stream's revision when the command was decided: its events, if any, come after it. */
  readonly streamRevision: number;
}

/** A request as the client sent it (before lookups completed it), without its per-attempt context. */
export interface RequestToFingerprint {
  readonly type: string;
  readonly data?: unknown;
}

/**
 * Same stream, same command type, same data: the same request. The HTTP method is always POST, and
 * the path names the stream and the action, so this covers "method, path and body" without
 * depending on how a route spells them.
 */
export function requestHash(stream: string, request: RequestToFingerprint): string {
  const content = canonicalJson({ stream, type: request.type, data: (request.data ?? null) as Json });
  return createHash('sha256').update(content).digest('hex');
}

export class IdempotencyKeyReusedError extends Error {
  readonly code = 'idempotency.key_reused';
  readonly field = 'Idempotency-Key';
  constructor(readonly claim: IdempotencyClaim) {
    super(`This Idempotency-Key was already used for another request (${claim.commandType} on ${claim.stream})`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** What the key's stream says now: the request it is bound to, if any, and the stream's revision. */
export interface KeyState {
  /** Null when the key was never claimed, or its last claim was released by a refusal. */
  readonly claim: IdempotencyClaim | null;
  readonly revision: number;
}

export class IdempotencyRegistry {
  constructor(private readonly store: EventStore) {}

  async find(commandId: string): Promise<KeyState> {
    const [last] = await this.store.readStream(idempotencyStream(commandId), { direction: 'backwards', max: 1 });
    if (last === undefined) return { claim: null, revision: -1 };
    return { claim: last.type === IDEMPOTENCY_KEY_CLAIMED ? (last.data as unknown as IdempotencyClaim) : null, revision: last.revision };
  }

  /**
   * Binds the key to this request unless it is bound already, and answers the claim that holds:
   * this one, or an earlier one (a concurrent duplicate, or a reuse the caller must refuse).
   */
  async claim(claim: IdempotencyClaim, envelope: CommandEnvelope, known: KeyState): Promise<{ readonly claim: IdempotencyClaim; readonly earlier: boolean; readonly revision: number }> {
    let state = known;
    for (;;) {
      if (state.claim !== null) return { claim: state.claim, earlier: true, revision: state.revision };
      try {
        // A fresh id per attempt: a concurrent duplicate must meet a conflict, not the store's
        // "same ids, same append" answer, or both would believe they were first.
        const result = await this.append(claim.commandId, IDEMPOTENCY_KEY_CLAIMED, claim, envelope, `claim/${randomUUID()}`, state.revision);
        return { claim, earlier: false, revision: result };
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        state = await this.find(claim.commandId);
      }
    }
  }

  /**
   * Unbinds a key whose request was refused before anything of it could land (a broken rule, a
   * name taken, a conflict with no retries left), so that a corrected request may use it. Made at
   * the claim's revision: if anything happened to the key since, it is left as it is.
   */
  async release(claim: IdempotencyClaim, revision: number, envelope: CommandEnvelope, reason: string): Promise<void> {
    await this.append(claim.commandId, IDEMPOTENCY_CLAIM_RELEASED, { commandId: claim.commandId, requestHash: claim.requestHash, reason }, envelope, `release/${revision}`, revision).catch(
      (error: unknown) => {
        if (!(error instanceof ConcurrencyError)) throw error;
      },
    );
  }

  private async append(commandId: string, type: string, data: object, envelope: CommandEnvelope, step: string, expected: number): Promise<number> {
    const stream = idempotencyStream(commandId);
    const previous = expected < 0 ? [] : await this.store.readStream(stream, { from: expected, max: 1 });
    const events = sealEvents({
      stream,
      events: [{ type, data: data as Json }],
      previousHash: previous[0]?.metadata.hash ?? null,
      schemaVersion: 1,
      context: { actor: envelope.actor, occurredAt: envelope.occurredAt, commandId: `${commandId}/${step}`, commandType: type, correlationId: envelope.correlationId, causationId: commandId },
    });
    return (await this.store.append(stream, events, expected < 0 ? 'no_stream' : expected)).revision;
  }
}
