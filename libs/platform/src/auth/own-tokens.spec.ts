import jwt from 'jsonwebtoken';
import { TestIdentityProvider } from '../../../../test/support/jwks-server';
import { AuthError, type AuthErrorCode } from './auth-errors';
import { TokenVerifier } from './token-verifier';

const SECRET = 'own-tokens-spec-secret-of-at-least-32-chars';
const ISSUER = 'itsm-ledger';
const NOW = Date.parse('2026-03-02T08:30:00Z') / 1000;
const HOUR = 3600;

const verifier = new TokenVerifier(
  { own: { issuer: ISSUER, secret: SECRET }, policy: { maxLifetimeSeconds: 24 * HOUR, clockSkewSeconds: 60 } },
  { clock: () => NOW * 1000 },
);

/** Claims of a good token of ours; each case changes one thing. */
const good = { iss: ISSUER, sub: 'alice', roles: ['agent'], iat: NOW - 60, exp: NOW + 8 * HOUR };
const sign = (claims: object, secret: string = SECRET) => jwt.sign(claims, secret, { algorithm: 'HS256', noTimestamp: true });
const without = (name: keyof typeof good) => Object.fromEntries(Object.entries(good).filter(([key]) => key !== name));

async function outcome(token: string): Promise<AuthErrorCode | 'accepted'> {
  try {
    await verifier.verify(token);
    return 'accepted';
  } catch (error) {
    if (error instanceof AuthError) return error.code;
    throw error;
  }
}

describe('our own tokens (HS256, JWT_ISSUER)', () => {
  it('give the subject and roles of a token that carries them, an expiry and a sane lifetime', async () => {
    expect(await verifier.verify(sign(good))).toEqual({ subject: 'alice', roles: ['agent'] });
  });

  describe('times', () => {
    it.each<[string, AuthErrorCode | 'accepted', object]>([
      ['no exp: a token that works forever', 'auth.expiry_missing', without('exp')],
      ['a lifetime of 100 years', 'auth.lifetime_too_long', { ...good, exp: NOW + 100 * 365 * 24 * HOUR }],
      ['a lifetime of exactly the maximum', 'accepted', { ...good, iat: NOW, exp: NOW + 24 * HOUR }],
      ['a lifetime a second above the maximum', 'auth.lifetime_too_long', { ...good, iat: NOW, exp: NOW + 24 * HOUR + 1 }],
      ['no iat and exp beyond the maximum from now', 'auth.lifetime_too_long', { ...without('iat'), exp: NOW + 25 * HOUR }],
      ['no iat and exp within the maximum from now', 'accepted', { ...without('iat'), exp: NOW + HOUR }],
      ['iat in the future beyond the clock skew', 'auth.issued_in_future', { ...good, iat: NOW + 120, exp: NOW + HOUR }],
      ['iat in the future within the clock skew', 'accepted', { ...good, iat: NOW + 30, exp: NOW + HOUR }],
      ['nbf in the future', 'auth.not_yet_valid', { ...good, nbf: NOW + 600 }],
      ['nbf just passed', 'accepted', { ...good, nbf: NOW - 1 }],
      ['expired beyond the clock skew', 'auth.token_expired', { ...good, iat: NOW - 2 * HOUR, exp: NOW - 61 }],
      ['expired within the clock skew', 'accepted', { ...good, iat: NOW - 2 * HOUR, exp: NOW - 59 }],
      ['exp as a string', 'auth.token_malformed', { ...good, exp: String(NOW + HOUR) }],
    ])('%s: %s', async (_, expected, claims) => {
      // jsonwebtoken would refuse to sign claims of the wrong type; a forger would not
      expect(await outcome(TestIdentityProvider.forge({ alg: 'HS256' }, claims, SECRET))).toBe(expected);
    });
  });

  describe('the subject, recorded as the actor on events', () => {
    it.each<[string, AuthErrorCode | 'accepted', unknown]>([
      ['10 KB', 'auth.subject_invalid', 'a'.repeat(10 * 1024)],
      ['200 characters', 'accepted', 'a'.repeat(200)],
      ['201 characters', 'auth.subject_invalid', 'a'.repeat(201)],
      ['200 emoji (400 UTF-16 units, 200 characters)', 'accepted', '😀'.repeat(200)],
      ['a NUL', 'auth.subject_invalid', 'alice\u0000'],
      ['a line feed', 'auth.subject_invalid', 'alice\nadmin'],
      ['an escape sequence', 'auth.subject_invalid', '\u001b[31malice'],
      ['a right-to-left override', 'auth.subject_invalid', 'alice\u202etxt.exe'],
      ['a zero-width space', 'auth.subject_invalid', 'ali\u200bce'],
      ['a line separator', 'auth.subject_invalid', 'alice\u2028bob'],
      ['a lone surrogate (not well-formed Unicode)', 'auth.subject_invalid', 'alice\ud800'],
      ['surrounding spaces', 'auth.subject_invalid', ' alice '],
      ['empty', 'auth.subject_invalid', ''],
      ['a number', 'auth.subject_invalid', 42],
      ['missing', 'auth.subject_invalid', undefined],
      ['accents and spaces inside', 'accepted', 'Zoë van Dijk'],
    ])('%s: %s', async (_, expected, sub) => {
      expect(await outcome(sign({ ...good, sub }))).toBe(expected);
    });
  });

  describe('roles', () => {
    it('are a list of known roles, duplicates counted once', async () => {
      expect(await verifier.verify(sign({ ...good, roles: ['agent', 'cab-member', 'agent'] }))).toEqual({ subject: 'alice', roles: ['agent', 'cab-member'] });
    });

    it.each<[string, unknown]>([
      ['an unknown role: a typo or another version, made visible instead of granting less', ['agent', 'superuser']],
      ['one string instead of a list', 'agent'],
      ['missing', undefined],
    ])('refused when %s: auth.roles_invalid', async (_, roles) => {
      expect(await outcome(sign({ ...good, roles }))).toBe('auth.roles_invalid');
    });
  });

  describe('signature, algorithm and issuer', () => {
    it('another secret: auth.signature_invalid', async () => {
      expect(await outcome(sign(good, 'another-secret-of-at-least-32-characters'))).toBe('auth.signature_invalid');
    });

    it('alg none, even with our issuer: auth.algorithm_refused', async () => {
      expect(await outcome(TestIdentityProvider.forge({ alg: 'none', typ: 'JWT' }, good))).toBe('auth.algorithm_refused');
    });

    it('HS384 or RS256 claiming our issuer: auth.algorithm_refused', async () => {
      expect(await outcome(jwt.sign(good, SECRET, { algorithm: 'HS384', noTimestamp: true }))).toBe('auth.algorithm_refused');
      expect(await outcome(TestIdentityProvider.forge({ alg: 'RS256' }, good, SECRET))).toBe('auth.algorithm_refused');
    });

    it('another issuer, or none: auth.issuer_unknown', async () => {
      expect(await outcome(sign({ ...good, iss: 'someone-else' }))).toBe('auth.issuer_unknown');
      expect(await outcome(sign(without('iss')))).toBe('auth.issuer_unknown');
    });

    it.each([
      ['one part', 'abc'],
      ['two parts', 'abc.def'],
      ['four parts', `${sign(good)}.x`],
      ['a header that is not JSON', `${Buffer.from('alg').toString('base64url')}.e30.c2ln`],
      ['claims that are a JSON list', `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('[1]').toString('base64url')}.c2ln`],
      ['a header without alg', TestIdentityProvider.forge({ typ: 'JWT' }, good, SECRET)],
      ['a critical extension it does not understand', TestIdentityProvider.forge({ alg: 'HS256', crit: ['exp'], exp: 1 }, good, SECRET)],
    ])('%s: auth.token_malformed', async (_, token) => {
      expect(await outcome(token)).toBe('auth.token_malformed');
    });
  });
});
