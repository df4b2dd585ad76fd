import { randomUUID } from 'node:crypto';
import { deterministicId } from '@itsm/event-store';
import { invalidField, type Principal } from '@itsm/platform';
import type { CommandEnvelope } from '@itsm/write-path';

export interface CommandHeaders {
  readonly 'if-match'?: string;
  readonly 'idempotency-key'?: string;
  readonly 'x-correlation-id'?: string;
  /** The request's id (given or ours, request-id.ts): the correlation id when none is given. */
  readonly 'x-request-id'?: string;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/** One entity-tag of a list (RFC 9110, 8.8.3), anchored where the previous one ended. */
const ENTITY_TAG = /\s*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(,|$)/y;
/** Our tags: the revision, optionally followed by a digest of the representation (`"3"`, `"3.k2f…"`). */
const OUR_TAG = /^(\d{1,15})(?:\.[A-Za-z0-9_-]+)?$/;

/**
 * The command's identity and preconditions from HTTP. The idempotency key is scoped to the caller,
 * so two clients choosing the same key can never collide.
 */
export function commandEnvelope(principal: Principal, headers: CommandHeaders, now: Date): CommandEnvelope {
  const key = headers['idempotency-key'];
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw invalidField('Idempotency-Key', 'must be 1 to 255 visible ASCII characters');
  const commandId = key === undefined ? randomUUID() : deterministicId('command', principal.subject, key);
  const correlationId = headers['x-correlation-id'] ?? headers['x-request-id'] ?? commandId;
  if (!IDEMPOTENCY_KEY.test(correlationId)) throw invalidField('X-Correlation-Id', 'must be 1 to 255 visible ASCII characters');
  return {
    commandId,
    ...(key === undefined ? {} : { repeatable: 'key' as const }),
    correlationId,
    actor: principal.subject,
    occurredAt: now.toISOString(),
    ...(headers['if-match'] === undefined ? {} : { ifMatch: parseIfMatch(headers['if-match']) }),
  };
}

/**
 * If-Match as RFC 9110 has it: `*` (the ticket must exist) or a list of entity-tags compared
 * strongly, so a weak tag (`W/"3"`) or one that is not ours never matches and the precondition
 * fails (412). A bare revision (`3`) is taken as `"3"`, as earlier clients sent it.
 */
export function parseIfMatch(header: string): '*' | number[] {
  const value = header.trim();
  if (value === '') throw invalidField('If-Match', 'must not be empty');
  if (value === '*') return '*';
  if (/^\d{1,15}$/.test(value)) return [Number(value)];
  const revisions: number[] = [];
  ENTITY_TAG.lastIndex = 0;
  while (ENTITY_TAG.lastIndex < value.length) {
    const at = ENTITY_TAG.lastIndex;
    const tag = ENTITY_TAG.exec(value);
    if (tag === null || tag.index !== at) throw invalidField('If-Match', 'must be *, or entity-tags such as "3" (the ETag of the revision last seen)');
    const ours = OUR_TAG.exec(tag[2] ?? '');
    if (tag[1] === undefined && ours) revisions.push(Number(ours[1]));
    if (tag[3] === '') break;
  }
  return revisions;
}
