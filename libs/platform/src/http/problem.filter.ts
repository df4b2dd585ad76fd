import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '@itsm/domain';
import { ChainBrokenError, ConcurrencyError, DuplicateEventIdError, EventStoreUnavailableError } from '@itsm/event-store';
import { PersonalDataVaultUnavailableError } from '@itsm/personal-data';
import { InvalidCursorError, ReadStoreUnavailableError } from '@itsm/read-store';
import { IdempotencyKeyReusedError, PreconditionFailedError } from '@itsm/write-path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, ProblemException, problemType, type Problem } from './problem';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = { conflict: 409, not_allowed: 422, not_found: 404 };

const title = (status: number): string => HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase().replace(/^\w/, (c) => c.toUpperCase()) ?? 'Error';

/** What an error becomes: the problem, its headers, and what operators must read in the log (an alarm, a fault). */
export interface ProblemOutcome {
  readonly problem: Problem;
  readonly headers: Record<string, string>;
  readonly logged?: string;
}

/** The one place where errors become RFC 9457 problem+json responses. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { problem, headers, logged } = ProblemFilter.outcome(exception);
    if (logged !== undefined) this.logger.error(logged);
    void reply
      .status(problem.status)
      .headers({ ...headers, 'content-type': PROBLEM_CONTENT_TYPE })
      .send(JSON.stringify({ ...problem, instance: request.url }));
  }

  /** Pure: what the filter answers to this error (the OpenAPI documents show exactly this). */
  static outcome(exception: unknown): ProblemOutcome {
    const make = (status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem => ({
      type: problemType(code), title: title(status), status, detail, code, ...extra,
    });
    if (exception instanceof ProblemException) {
      const extra = exception.errors ? { errors: exception.errors } : {};
      return { problem: make(exception.status, exception.code, exception.message, extra), headers: { ...exception.headers } };
    }
    if (exception instanceof DomainError) {
      // A rule about one field names it (details.field), so clients get the same errors[] as for invalid input.
      const field = exception.details.field;
      const errors = typeof field === 'string' ? { errors: [{ field, reason: exception.message }] } : {};
      return { problem: make(STATUS_OF_KIND[exception.kind], exception.code, exception.message, { details: exception.details, ...errors }), headers: {} };
    }
    if (exception instanceof PreconditionFailedError) {
      // The ETag of the revision the ticket is at, so the client can re-read and try again knowingly.
      const headers: Record<string, string> = exception.actual >= 0 ? { etag: `"${exception.actual}"` } : {};
      const extra = { stream: exception.stream, currentRevision: exception.actual, errors: [{ field: 'If-Match', reason: exception.message }] };
      return { problem: make(412, exception.code, exception.message, extra), headers };
    }
    if (exception instanceof IdempotencyKeyReusedError) {
      const { stream, commandType } = exception.claim;
      const errors = [{ field: exception.field, reason: `already used for ${commandType} on ${stream}` }];
      return { problem: make(422, exception.code, exception.message, { errors }), headers: {} };
    }
    if (exception instanceof ConcurrencyError) {
      const extra = { stream: exception.stream, expectedRevision: exception.expected, actualRevision: exception.actual };
      return { problem: make(409, exception.code, exception.message, extra), headers: {} };
    }
    if (exception instanceof ChainBrokenError) {
      // An alarm, not a client error: the log was altered. Operators watch for this line.
      const detail = 'The stream this command acts on does not match its hash chain; nothing was recorded. The break has been reported.';
      return { problem: make(500, exception.code, detail, { firstBreak: exception.found }), headers: {}, logged: `INTEGRITY ALARM: ${exception.message}` };
    }
    if (exception instanceof DuplicateEventIdError) return { problem: make(409, exception.code, exception.message), headers: {} };
    if (exception instanceof EventStoreUnavailableError || exception instanceof ReadStoreUnavailableError || exception instanceof PersonalDataVaultUnavailableError) {
      // Nothing was appended or read; the client may retry the same command (with its Idempotency-Key).
      return { problem: make(503, exception.code, exception.message), headers: { 'retry-after': '1' } };
    }
    if (exception instanceof InvalidCursorError) {
      return { problem: make(400, exception.code, exception.message, { errors: [{ field: 'cursor', reason: exception.message }] }), headers: {} };
    }
    if (exception instanceof HttpException) return { problem: fromHttpException(exception, make), headers: authHeaders(exception) };
    const status = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own rejections (malformed JSON, unsupported media type, body too large).
      return { problem: make(status, 'request.malformed', (exception as Error).message), headers: {} };
    }
    const logged = exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
    return { problem: make(500, 'internal', 'An unexpected error occurred; it has been logged'), headers: {}, logged };
  }
}

function fromHttpException(exception: HttpException, make: (s: number, c: string, d: string) => Problem): Problem {
    const status = exception.getStatus();
    // Nest hands Fastify's own refusals (body parser, content type) over as HttpExceptions, by status alone.
    const codes: Record<number, string> = {
      400: 'request.malformed',
      401: 'auth.unauthenticated',
      403: 'auth.forbidden',
      404: 'not_found',
      405: 'method_not_allowed',
      413: 'request.too_large',
      415: 'request.unsupported_media_type',
    };
    return make(status, codes[status] ?? `http.${status}`, exception.message);
}

function authHeaders(exception: HttpException): Record<string, string> {
    return exception.getStatus() === 401 ? { 'www-authenticate': 'Bearer' } : {};
}
