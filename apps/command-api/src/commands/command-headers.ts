import { deterministicId, timeOrderedId } from '@itsm/event-store';
import { invalidField, type Principal } from '@itsm/platform';
import type { CommandEnvelope } from '@itsm/write-path';

export interface CommandHeaders {
  readonly 'if-match'?: string;
  readonly 'idempotency-key'?: string;
  readonly 'x-correlation-id'?: string;
  /** W3C Trace Context: the caller's trace, which this command continues. */
  readonly traceparent?: string;
  /** The request's id (given or ours, request-id.ts): the correlation id when none is given. */
  readonly 'x-request-id'?: string;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/** One entity-tag of a list (RFC 9110, 8.8.3), anchored where the previous one ended. */
const ENTITY_TAG = /\s*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(,|$)/y;
/** Our tags: the revision, optionally followed by a digest of the representation (`"3"`, `"3.k2f…"`). */
const OUR_TAG = /^(\d{1,15})(?:\.[A-Za-z0-9_-]+)?$/;
/**
 * A traceparent as W3C Trace Context (level 1, section 3.2) parses it: version, trace-id, parent-id,
 * flags, in lowercase hex, optionally wrapped in one space each side; version ff and all-zero ids are
 * invalid; version 00 ends after its flags, a later version may continue after a dash.
 */
const TRACEPARENT = /^ ?(?!ff)([0-9a-f]{2})-(?!0{32})([0-9a-f]{32})-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}(-[^]*)? ?$/;

/**
 * The command's identity and preconditions from HTTP. The idempotency key is scoped to the caller,
 * so two clients choosing the same key can never collide.
 */
export function commandEnvelope(principal: Principal, headers: CommandHeaders, now: Date): CommandEnvelope {
  const key = headers['idempotency-key'];
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw invalidField('Idempotency-Key', 'must be 1 to 255 visible ASCII characters');
  const commandId = key === undefined ? timeOrderedId() : deterministicId('command', principal.subject, key);
  const correlationId = correlationIdOf(headers, commandId);
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
 * What groups this command's events with everything else the same action caused, first found of:
 * - the X-Correlation-Id the caller chose (an explicit choice wins);
 * - the trace id of its traceparent: the trace names the whole operation across every service it
 *   crossed, where a request id names one hop, and it is what a tracing backend is searched by;
 * - the request id (the caller's, or ours: while tracing is on, `<trace-id>-<span-id>`);
 * - the command's own id.
 * A traceparent that does not parse is ignored, never refused: the specification asks a receiver
 * to go on as if none had come (and tracing then begins a new trace).
 */
export function correlationIdOf(headers: CommandHeaders, commandId: string): string {
  return headers['x-correlation-id'] ?? traceIdOf(headers.traceparent) ?? headers['x-request-id'] ?? commandId;
}

/** The trace id of a valid traceparent; undefined when absent or invalid. */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const parsed = traceparent === undefined ? null : TRACEPARENT.exec(traceparent);
  if (parsed === null || (parsed[1] === '00' && parsed[3] !== undefined)) return undefined;
  return parsed[2];
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
