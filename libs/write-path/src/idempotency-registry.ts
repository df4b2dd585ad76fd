import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson, ConcurrencyError, sealEvents, type EventStore, type Json } from '@itsm/event-store';
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

export class IdempotencyRegistry {
  constructor(private readonly store: EventStore) {}

  async find(commandId: string): Promise<IdempotencyClaim | null> {
    const [first] = await this.store.readStream(idempotencyStream(commandId), { max: 1 });
    return first === undefined ? null : (first.data as unknown as IdempotencyClaim);
  }

  /**
   * Records the claim unless the key already has one, and answers the claim that holds: this one,
   * or the earlier one (a concurrent duplicate, or a reuse the caller must refuse).
   */
  async claim(claim: IdempotencyClaim, envelope: CommandEnvelope): Promise<{ readonly claim: IdempotencyClaim; readonly earlier: boolean }> {
    const stream = idempotencyStream(claim.commandId);
    // A fresh id per attempt: a concurrent duplicate must meet a conflict, not the store's
    // "same ids, same append" answer, or both would believe they were first.
    const commandId = `${claim.commandId}/claim/${randomUUID()}`;
    const events = sealEvents({
      stream,
      events: [{ type: IDEMPOTENCY_KEY_CLAIMED, data: claim as unknown as Json }],
      previousHash: null,
      schemaVersion: 1,
      context: { actor: envelope.actor, occurredAt: envelope.occurredAt, commandId, commandType: 'ClaimIdempotencyKey', correlationId: envelope.correlationId, causationId: claim.commandId },
    });
    try {
      await this.store.append(stream, events, 'no_stream');
      return { claim, earlier: false };
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      const held = await this.find(claim.commandId);
      if (held === null) throw error;
      return { claim: held, earlier: true };
    }
  }
}
