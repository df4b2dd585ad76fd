import { AuthError } from './auth-errors';

/** Well above any identity provider's token, well below a header that a proxy would refuse. */
export const MAX_TOKEN_LENGTH = 16_384;

/** RFC 6750 §2.1, read strictly: the scheme as written, one space, one b64token, nothing else. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;

/**
 * The token of the one Authorization header. Node keeps only the first of repeated Authorization
 * headers, so they are counted from the raw headers: two credentials are refused, not half-read.
 */
export function bearerToken(authorizationHeaders: readonly string[]): string {
  if (authorizationHeaders.length === 0) throw new AuthError('auth.token_missing');
  if (authorizationHeaders.length > 1) throw new AuthError('auth.header_malformed', `The Authorization header was sent ${authorizationHeaders.length} times; send it once.`);
  const value = authorizationHeaders[0] as string;
  if (value.length > 'Bearer '.length + MAX_TOKEN_LENGTH) throw new AuthError('auth.token_malformed', `The token is longer than ${MAX_TOKEN_LENGTH} characters.`);
  const match = BEARER.exec(value);
  if (!match) throw new AuthError('auth.header_malformed');
  return match[1] as string;
}

/** Every Authorization header of a request, in order, from Node's raw name/value list. */
export function authorizationHeadersOf(rawHeaders: readonly string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() === 'authorization') values.push(rawHeaders[i + 1] as string);
  }
  return values;
}
