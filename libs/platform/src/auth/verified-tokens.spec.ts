import jwt from 'jsonwebtoken';
import { TestIdentityProvider } from '../../../../test/support/jwks-server';
import { AuthError, type AuthErrorCode } from './auth-errors';
import { verifySignature } from './jws-signature';
import { TokenVerifier, type AuthSettings } from './token-verifier';

// Every signature checked is counted: what the cache spares is a signature check, a JSON parse and the claims' rules.
jest.mock('./jws-signature', () => {
  const actual = jest.requireActual<typeof import('./jws-signature')>('./jws-signature');
  return { ...actual, verifySignature: jest.fn(actual.verifySignature) };
});

const SECRET = 'verified-tokens-spec-secret-of-at-least-32-chars';
const ISSUER = 'itsm-ledger';
const START = Date.parse('2026-03-02T08:30:00Z');
const SKEW = 60;
const POLICY = { maxLifetimeSeconds: 24 * 3600, clockSkewSeconds: SKEW };

/** A verifier with a clock the spec moves, counting the signatures it checks. */
function setUp(options: { verifiedTokens?: number; oidc?: AuthSettings['oidc']; fetch?: TestIdentityProvider['fetch'] } = {}) {
  const clock = { now: START };
  const settings: AuthSettings = { own: { issuer: ISSUER, secret: SECRET }, policy: POLICY, ...(options.oidc ? { oidc: options.oidc } : {}) };
  const verifier = new TokenVerifier(settings, { clock: () => clock.now, fetch: options.fetch, verifiedTokens: options.verifiedTokens });
  const outcome = async (token: string): Promise<AuthErrorCode | 'accepted'> => {
    try {
      await verifier.verify(token);
      return 'accepted';
    } catch (error) {
      if (error instanceof AuthError) return error.code;
      throw error;
    }
  };
  return { verifier, outcome, advance: (seconds: number) => (clock.now += seconds * 1000) };
}

const nowSeconds = Math.floor(START / 1000);
const ownToken = (claims: object = {}) => jwt.sign({ iss: ISSUER, sub: 'alice', roles: ['agent'], iat: nowSeconds, exp: nowSeconds + 300, ...claims }, SECRET, { algorithm: 'HS256', noTimestamp: true });

describe('verified tokens: a token is verified once, then recognised until its exp', () => {
  const checked = verifySignature as jest.MockedFunction<typeof verifySignature>;
  beforeEach(() => checked.mockClear());

  it('checks the signature of a token once, however many requests carry it, and gives the same principal', async () => {
    const { verifier } = setUp();
    const token = ownToken();
    for (let request = 0; request < 5; request++) expect(await verifier.verify(token)).toEqual({ subject: 'alice', roles: ['agent'] });
    expect(checked).toHaveBeenCalledTimes(1);
  });

  it('never recognises a token from the cache at or past its exp: it is verified afresh, and refused once past the clock skew', async () => {
    const { verifier, outcome, advance } = setUp();
    const token = ownToken();
    await verifier.verify(token);
    advance(299);
    expect(await outcome(token)).toBe('accepted');
    expect(checked).toHaveBeenCalledTimes(1);
    advance(1); // at exp: verified again (and accepted within the skew, as without a cache)
    expect(await outcome(token)).toBe('accepted');
    expect(checked).toHaveBeenCalledTimes(2);
    advance(SKEW);
    expect(await outcome(token)).toBe('auth.token_expired');
  });

  it('remembers only accepted tokens: a token refused before its nbf is accepted once it is valid', async () => {
    const { outcome, advance } = setUp();
    const token = ownToken({ nbf: nowSeconds + 2 * SKEW });
    expect(await outcome(token)).toBe('auth.not_yet_valid');
    advance(SKEW + 1);
    expect(await outcome(token)).toBe('accepted');
  });

  it('a token differing from a recognised one by a character of its signature is verified on its own, and refused', async () => {
    const { outcome } = setUp();
    const token = ownToken();
    expect(await outcome(token)).toBe('accepted');
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'AB' : 'AA');
    expect(await outcome(forged)).toBe('auth.signature_invalid');
  });

  it('holds at most the configured number of tokens, forgetting the oldest first', async () => {
    const { verifier } = setUp({ verifiedTokens: 2 });
    const [first, second, third] = [ownToken({ sub: 'a' }), ownToken({ sub: 'b' }), ownToken({ sub: 'c' })];
    for (const token of [first, second, third, third, second]) await verifier.verify(token);
    expect(checked).toHaveBeenCalledTimes(3);
    await verifier.verify(first);
    expect(checked).toHaveBeenCalledTimes(4);
  });

  it("recognises a provider's token only while its key is published: a rotation that drops the key refuses it", async () => {
    const idp = TestIdentityProvider.inMemory();
    const kid = idp.addKey('RS256');
    idp.maxAgeSeconds = 60;
    const oidc = { issuer: idp.issuer, jwksUrl: idp.jwksUrl, audience: 'itsm-api', rolesClaim: 'roles', subjectClaim: 'sub', roleMap: undefined };
    const { outcome, advance } = setUp({ oidc, fetch: idp.fetch });
    const token = idp.sign({ iss: idp.issuer, aud: 'itsm-api', sub: 'bob', roles: ['agent'], iat: nowSeconds, exp: nowSeconds + 600 }, { kid });
    expect(await outcome(token)).toBe('accepted');
    idp.removeKey(kid);
    advance(61);
    expect(await outcome(token)).toBe('accepted'); // the keys are still fresh enough to serve while they are fetched again
    await new Promise((resolve) => setImmediate(resolve));
    expect(await outcome(token)).toBe('auth.key_unknown');
  });
});
