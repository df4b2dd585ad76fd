import { AuthError, type AuthErrorCode } from './auth-errors';
import { authorizationHeadersOf, bearerToken, MAX_TOKEN_LENGTH } from './bearer-header';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';

function refusal(headers: readonly string[]): AuthErrorCode | 'accepted' {
  try {
    bearerToken(headers);
    return 'accepted';
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    throw error;
  }
}

describe('the Authorization header', () => {
  it('is exactly "Bearer", one space and the token', () => {
    expect(bearerToken([`Bearer ${TOKEN}`])).toBe(TOKEN);
  });

  it('missing: auth.token_missing', () => {
    expect(refusal([])).toBe('auth.token_missing');
  });

  it.each([
    ['lowercase bearer', `bearer ${TOKEN}`],
    ['two spaces', `Bearer  ${TOKEN}`],
    ['junk after the token', `Bearer ${TOKEN} junk`],
    ['a second token after a comma', `Bearer ${TOKEN},Bearer ${TOKEN}`],
    ['junk before the scheme', `x Bearer ${TOKEN}`],
    ['a trailing space', `Bearer ${TOKEN} `],
    ['a tab instead of the space', `Bearer\t${TOKEN}`],
    ['the scheme alone', 'Bearer'],
    ['the scheme and a space', 'Bearer '],
    ['another scheme', `Basic ${Buffer.from('alice:secret').toString('base64')}`],
    ['an empty header', ''],
  ])('%s: auth.header_malformed', (_, header) => {
    expect(refusal([header])).toBe('auth.header_malformed');
  });

  it('sent twice, even with the same token: auth.header_malformed', () => {
    expect(refusal([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`])).toBe('auth.header_malformed');
  });

  it(`longer than ${MAX_TOKEN_LENGTH} characters: auth.token_malformed, before any parsing`, () => {
    expect(refusal([`Bearer ${'a'.repeat(MAX_TOKEN_LENGTH)}`])).toBe('accepted');
    expect(refusal([`Bearer ${'a'.repeat(MAX_TOKEN_LENGTH + 1)}`])).toBe('auth.token_malformed');
  });

  it('is counted in the raw headers, whatever the case of its name', () => {
    expect(authorizationHeadersOf(['Host', 'x', 'Authorization', 'Bearer a', 'accept', '*/*', 'authorization', 'Bearer b'])).toEqual(['Bearer a', 'Bearer b']);
    expect(authorizationHeadersOf(['host', 'x'])).toEqual([]);
  });
});
