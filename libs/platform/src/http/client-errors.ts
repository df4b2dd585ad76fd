import type { Socket } from 'node:net';
import { problemType } from './problem';

const REASONS: Readonly<Record<number, { code: string; title: string; detail: string }>> = {
  400: { code: 'request.malformed', title: 'Bad Request', detail: 'The request is not well-formed HTTP' },
  408: { code: 'request.timeout', title: 'Request Timeout', detail: 'The request did not arrive in time' },
  431: { code: 'request.headers_too_large', title: 'Request Header Fields Too Large', detail: 'The request line or headers are too large' },
};

/**
 * Requests Node's HTTP parser refuses before any framework sees them (oversized headers or query
 * string, an unknown method, conflicting Content-Length and Transfer-Encoding, raw non-ASCII in the
 * path, a body that does not arrive in time): answered problem+json like everything else, with the
 * security headers, and the connection closed.
 */
export function clientErrorAnswerer(securityHeaders: Readonly<Record<string, string>>) {
  return (error: Error & { code?: string }, socket: Socket): void => {
    if (!socket.writable) return void socket.destroy(error);
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const reason = REASONS[status] as (typeof REASONS)[number];
    const body = JSON.stringify({ type: problemType(reason.code), title: reason.title, status, detail: reason.detail, code: reason.code });
    const headers = Object.entries(securityHeaders).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.end(
      `HTTP/1.1 ${status} ${reason.title}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `connection: close\r\n${headers}\r\n${body}`,
    );
  };
}
