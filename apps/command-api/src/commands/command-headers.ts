import { randomUUID } from 'node:crypto';
import { deterministicId } from '@itsm/event-store';
import { invalidField, type Principal } from '@itsm/platform';
import type { CommandEnvelope } from '@itsm/write-path';

export interface CommandHeaders {
  readonly 'if-match'?: string;
  readonly 'idempotency-key'?: string;
  readonly 'x-correlation-id'?: string;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const REVISION = /^"?(\d{1,15})"?$/;

/**
 * The command's identity and preconditions from HTTP. The idempotency key is scoped to the caller,
 * so two clients choosing the same key can never collide.
 */
export function commandEnvelope(principal: Principal, headers: CommandHeaders, now: Date): CommandEnvelope {
  const key = headers['idempotency-key'];
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw invalidField('Idempotency-Key', 'must be 1 to 255 visible ASCII characters');
  const commandId = key === undefined ? randomUUID() : deterministicId('command', principal.subject, key);
  const correlationId = headers['x-correlation-id'] ?? commandId;
  if (!IDEMPOTENCY_KEY.test(correlationId)) throw invalidField('X-Correlation-Id', 'must be 1 to 255 visible ASCII characters');
  return {
    commandId,
    ...(key === undefined ? {} : { repeatable: 'key' as const }),
    correlationId,
    actor: principal.subject,
    occurredAt: now.toISOString(),
    ...(headers['if-match'] === undefined ? {} : { expectedRevision: parseRevision(headers['if-match']) }),
  };
}

function parseRevision(header: string): number {
  const match = REVISION.exec(header.trim());
  if (!match) throw invalidField('If-Match', 'must be the revision returned by the last command, e.g. "3"');
  return Number(match[1]);
}
