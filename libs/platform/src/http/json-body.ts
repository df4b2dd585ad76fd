import type { FastifyInstance } from 'fastify';
import { invalidFields, ProblemException } from './problem';
import { inputProblems } from './well-formed-input';

/** No request of ours nests deeper than a handful of levels; deep nesting only exhausts the stack downstream. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/** Whether arrays and objects in this JSON text nest deeper than `limit`, by one pass over the text (strings skipped). */
export function nestsDeeperThan(json: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (OPENERS.has(c)) {
      if (++depth > limit) return true;
    } else if (CLOSERS.has(c)) depth--;
  }
  return false;
}

/**
 * Fastify's secure parser refuses `__proto__` and `constructor.prototype` keys as "not valid JSON";
 * when the text is JSON after all, the answer names the key's field instead.
 */
function explainRefusedJson(body: string): ProblemException | null {
  try {
    const problems = inputProblems(JSON.parse(body));
    return problems.length > 0 ? invalidFields(problems) : null;
  } catch {
    return null;
  }
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text, or null when its bytes are not UTF-8 (decoding leniently would store U+FFFD in their place). */
function utf8Text(body: Buffer): string | null {
  try {
    return STRICT_UTF8.decode(body);
  } catch {
    return null;
  }
}

const refusedBody = (code: string, reason: string) => new ProblemException(400, code, `The body ${reason}`, [{ field: 'body', reason }]);
/** A body that is not UTF-8; one nested deeper than MAX_JSON_DEPTH (exported for the OpenAPI documents' catalogue). */
export const bodyNotUtf8 = () => refusedBody('request.invalid_utf8', 'is not well-formed UTF-8');
export const bodyTooDeep = () => refusedBody('request.too_deep', `nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);

/**
 * The only body the apps accept is JSON: anything else is 415. The depth is bounded before parsing,
 * and parsing is Fastify's own, which never lets `__proto__` or `constructor.prototype` through.
 */
export function acceptJsonBodiesOnly(fastify: FastifyInstance, bodyLimit: number): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
    const text = utf8Text(body as Buffer);
    if (text === null) {
      done(bodyNotUtf8(), undefined);
      return;
    }
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      done(bodyTooDeep(), undefined);
      return;
    }
    parse(request, text, (error, value) => (error ? done(explainRefusedJson(text) ?? error, undefined) : done(null, value)));
  });
}
