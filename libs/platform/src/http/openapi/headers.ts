/**
 * The headers the apps read and send, each described once. Where each applies is decided by the
 * decorators (operation-docs.ts) and the document's finishing pass (openapi-document.ts).
 */
export const REQUEST_HEADERS = {
  'X-Request-Id': 'Your id for this request (1 to 200 visible ASCII characters), echoed on the answer and logged; one is made when absent. A command records it as its correlation id unless X-Correlation-Id names one.',
  'X-Correlation-Id': 'Ties the events this command records to a wider piece of work (1 to 255 visible ASCII characters); the request id when absent.',
  'Idempotency-Key': 'Makes a retry safe (1 to 255 visible ASCII characters, scoped to the caller): the same key with the same request records nothing twice and returns the first answer (Idempotent-Replayed: true); with another request it is refused (422 idempotency.key_reused).',
  'If-Match': 'The ETag of the revision last seen (from a command or a GET), a list of them, or *: the command is refused with 412 (and the current ETag) when the stream it writes has moved on, or for * does not exist yet. Weak tags never match.',
  'If-None-Match': 'The ETag of the representation you hold (or *): 304 with no body while it is still current.',
} as const;

export const RESPONSE_HEADERS = {
  'X-Request-Id': { description: 'The id of this request: yours when usable, else a new UUID. Quote it when reporting a problem.', schema: { type: 'string', example: '5d1c9a7e-0f3b-4c1e-9a52-2f6d8b0e4a31' } },
  ETag: { description: 'The revision of the ticket, as an entity-tag (commands: `"4"`; reads: the revision and a digest of the representation, `"4.Xk2fQ9pL0aBc3dEf"`); send it back as If-Match or If-None-Match.', schema: { type: 'string', example: '"4"' } },
  'Idempotent-Replayed': { description: 'Present (true) when this is the recorded answer to an earlier request with the same Idempotency-Key: nothing was recorded this time.', schema: { type: 'string', enum: ['true'] } },
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 1, example: 1 } },
  'WWW-Authenticate': { description: 'The bearer challenge (RFC 6750): the bare scheme when no token was sent, else why the token was refused.', schema: { type: 'string', example: 'Bearer' } },
} as const;

export type ResponseHeaderName = keyof typeof RESPONSE_HEADERS;

/** The names the problem filter sends, in the casing this document uses. */
export const RESPONSE_HEADER_OF: Readonly<Record<string, ResponseHeaderName>> = {
  etag: 'ETag',
  'retry-after': 'Retry-After',
  'www-authenticate': 'WWW-Authenticate',
  'x-request-id': 'X-Request-Id',
  'idempotent-replayed': 'Idempotent-Replayed',
};
