import { AuthError } from './auth-errors';

export type Claims = Readonly<Record<string, unknown>>;

export interface DecodedJws {
  /** The whole token, for signature verification. */
  readonly token: string;
  readonly alg: string;
  readonly kid: string | undefined;
  /** Not yet verified: read only to pick the issuer whose key verifies them. */
  readonly claims: Claims;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

const malformed = (detail: string) => new AuthError('auth.token_malformed', detail);

function jsonObject(segment: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below, as for any other non-object
  }
  throw malformed(`The token's ${what} is not a base64url JSON object.`);
}

/** Splits a compact JWS (RFC 7515 §7.1) and reads its header and claims, refusing anything else. */
export function decodeJws(token: string): DecodedJws {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) throw malformed('The token is not three base64url parts separated by dots.');
  const [header, claims] = [jsonObject(parts[0] as string, 'header'), jsonObject(parts[1] as string, 'claims')];
  if (typeof header['alg'] !== 'string') throw malformed("The token's header names no algorithm (alg).");
  if (header['kid'] !== undefined && typeof header['kid'] !== 'string') throw malformed("The token's key id (kid) is not a string.");
  // RFC 7515 §4.1.11: an extension the recipient does not understand must make it refuse the token.
  if (header['crit'] !== undefined) throw malformed('The token names critical header extensions (crit), which are not supported.');
  return { token, alg: header['alg'], kid: header['kid'] as string | undefined, claims };
}
