import { deterministicId, isTimeOrderedId } from '@itsm/event-store';
import { commandEnvelope, correlationIdOf, parseIfMatch, traceIdOf } from './command-headers';

describe('If-Match (RFC 9110)', () => {
  it.each([
    ['"3"', [3]],
    ['3', [3]],
    ['"3", "5"', [3, 5]],
    ['"3.k2fX_9"', [3]],
    ['W/"3"', []],
    ['"abc", "4"', [4]],
    ['"a,b", "4"', [4]],
  ])('%s names the revisions %j (weak and foreign tags never match)', (header, revisions) => {
    expect(parseIfMatch(header)).toEqual(revisions);
  });

  it('"*" asks only that the ticket exists', () => {
    expect(parseIfMatch(' * ')).toBe('*');
  });

  it.each(['"3', '3"', 'abc', '"3" "4"', '"3",, "4"', ''])('refuses %j, naming the header', (header) => {
    expect(() => parseIfMatch(header)).toThrow(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ field: 'If-Match' })] }));
  });
});

describe('The correlation id of a command’s events', () => {
  const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
  const TRACEPARENT = `00-${TRACE}-00f067aa0ba902b7-01`;

  it('is the X-Correlation-Id the caller chose, over everything else', () => {
    expect(correlationIdOf({ 'x-correlation-id': 'CHG0012', traceparent: TRACEPARENT, 'x-request-id': 'req-1' }, 'cmd-1')).toBe('CHG0012');
  });

  it('else the trace id of a traceparent, over the request id: the trace names the whole operation', () => {
    expect(correlationIdOf({ traceparent: TRACEPARENT, 'x-request-id': 'req-1' }, 'cmd-1')).toBe(TRACE);
  });

  it('else the request id, else the command’s own id', () => {
    expect(correlationIdOf({ 'x-request-id': 'req-1' }, 'cmd-1')).toBe('req-1');
    expect(correlationIdOf({}, 'cmd-1')).toBe('cmd-1');
  });

  it('ignores an invalid traceparent rather than refusing the command (W3C Trace Context: restart the trace)', () => {
    expect(correlationIdOf({ traceparent: 'not-a-trace', 'x-request-id': 'req-1' }, 'cmd-1')).toBe('req-1');
  });

  it.each([
    ['version 00', TRACE, TRACEPARENT],
    ['one optional space each side', TRACE, ` ${TRACEPARENT} `],
    ['not sampled', TRACE, `00-${TRACE}-00f067aa0ba902b7-00`],
    ['a later version, with more after a dash', TRACE, `cc-${TRACE}-00f067aa0ba902b7-01-what-the-future-will-hold`],
    ['a later version of exactly 55 characters', TRACE, `01-${TRACE}-00f067aa0ba902b7-09`],
    ['version ff (forbidden)', undefined, `ff-${TRACE}-00f067aa0ba902b7-01`],
    ['version 00 with more after its flags', undefined, `${TRACEPARENT}-extra`],
    ['a later version with more not after a dash', undefined, `cc-${TRACE}-00f067aa0ba902b7-01.x`],
    ['uppercase hex', undefined, `00-${TRACE.toUpperCase()}-00f067aa0ba902b7-01`],
    ['an all-zero trace id', undefined, `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['an all-zero parent id', undefined, `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['a short trace id', undefined, `00-${TRACE.slice(1)}-00f067aa0ba902b7-01`],
    ['a short parent id', undefined, `00-${TRACE}-00f067aa0ba902b-01`],
    ['flags of one digit', undefined, `00-${TRACE}-00f067aa0ba902b7-1`],
    ['two headers joined by a comma', undefined, `${TRACEPARENT}, ${TRACEPARENT}`],
    ['empty', undefined, ''],
  ])('a traceparent with %s: its trace id is %s', (_case, traceId, traceparent) => {
    expect(traceIdOf(traceparent)).toBe(traceId);
  });
});

describe('The command id (ADR 23)', () => {
  const alice = { subject: 'alice', roles: ['agent' as const] };
  const now = new Date('2026-11-30T12:00:00.000Z');

  it('without an Idempotency-Key is new and time-ordered, so its events land at the end of the log’s indexes', () => {
    const { commandId } = commandEnvelope(alice, {}, now);
    expect(isTimeOrderedId(commandId)).toBe(true);
    expect(commandEnvelope(alice, {}, now).commandId).not.toBe(commandId);
  });

  it('with an Idempotency-Key derives from the caller and the key, never from the time, so a retry finds what the first request recorded', () => {
    const first = commandEnvelope(alice, { 'idempotency-key': 'k-1' }, now).commandId;
    expect(commandEnvelope(alice, { 'idempotency-key': 'k-1' }, new Date('2026-12-01T00:00:00.000Z')).commandId).toBe(first);
    expect(first).toBe(deterministicId('command', 'alice', 'k-1'));
    expect(isTimeOrderedId(first)).toBe(false);
  });
});
