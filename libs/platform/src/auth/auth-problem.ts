import { ProblemException } from '../http/problem';
import { AUTH_ERROR_CODES, AuthError } from './auth-errors';

/** RFC 6750 §3: error_description is printable ASCII without `"` and `\`. */
const quotable = (text: string): string => text.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '?');

/**
 * The WWW-Authenticate challenge of a refusal (RFC 6750 §3): a request without credentials gets
 * the bare scheme ("SHOULD NOT include an error code"); any refused token or header says why.
 */
export function bearerChallenge(error: AuthError): string {
  if (error.code === 'auth.token_missing') return 'Bearer';
  return `Bearer error="invalid_token", error_description="${quotable(AUTH_ERROR_CODES[error.code].rule)}"`;
}

/** An authentication refusal as problem+json: 401 with its challenge, or 503 to retry later. */
export function authProblem(error: AuthError): ProblemException {
  const headers: Record<string, string> =
    error.status === 401 ? { 'www-authenticate': bearerChallenge(error) } : { 'retry-after': String(error.retryAfterSeconds ?? 1) };
  return new ProblemException(error.status, error.code, error.message, undefined, headers);
}
