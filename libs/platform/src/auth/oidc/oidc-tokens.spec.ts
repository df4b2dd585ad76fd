import { TestIdentityProvider } from '../../../../../test/support/jwks-server';
import { AuthError, type AuthErrorCode } from '../auth-errors';
import type { Role } from '../principal';
import { TokenVerifier, type AuthSettings } from '../token-verifier';
import { JWKS_TIMING } from './jwks-keys';

const OWN = { issuer: 'itsm-ledger', secret: 'oidc-spec-secret-of-at-least-32-characters' };
const START = Date.parse('2026-03-02T08:30:00Z');
const HOUR = 3600;

type OidcOverrides = Partial<NonNullable<AuthSettings['oidc']>>;

/** A verifier of one in-memory provider, with a clock the spec moves. */
function setUp(overrides: OidcOverrides | ((idp: TestIdentityProvider) => OidcOverrides) = {}) {
  const idp = TestIdentityProvider.inMemory();
  const oidc = typeof overrides === 'function' ? overrides(idp) : overrides;
  const rsaKid = idp.addKey('RS256');
  const ecKid = idp.addKey('ES256');
  const clock = { now: START };
  const failures: string[] = [];
  const settings: AuthSettings = {
    own: OWN,
    policy: { maxLifetimeSeconds: 24 * HOUR, clockSkewSeconds: 60 },
    oidc: { issuer: idp.issuer, jwksUrl: undefined, audience: 'itsm-api', rolesClaim: 'realm_access.roles', subjectClaim: 'preferred_username', roleMap: undefined, ...oidc },
  };
  const verifier = new TokenVerifier(settings, { clock: () => clock.now, fetch: idp.fetch, onJwksFetchFailure: (error) => failures.push(error.message) });
  /** Claims of a good token at the current time; each case changes one thing. */
  const claims = (extra: object = {}) => {
    const now = Math.floor(clock.now / 1000);
    return { iss: idp.issuer, aud: 'itsm-api', sub: 'f3a1-77', preferred_username: 'alice', realm_access: { roles: ['agent', 'offline_access'] }, iat: now, exp: now + 300, ...extra };
  };
  const outcome = async (token: string): Promise<AuthErrorCode | 'accepted'> => {
    try {
      await verifier.verify(token);
      return 'accepted';
    } catch (error) {
      if (error instanceof AuthError) return error.code;
      throw error;
    }
  };
  const advance = (seconds: number) => (clock.now += seconds * 1000);
  return { idp, rsaKid, ecKid, verifier, claims, outcome, advance, failures };
}

/** A refresh of expired keys runs beside the request that noticed; the in-memory provider answers within a turn. */
const backgroundFetch = () => new Promise((resolve) => setImmediate(resolve));
const jwksRequests = (idp: TestIdentityProvider) => idp.requests.filter((path) => path.endsWith('/certs')).length;

describe('tokens of an OpenID Connect provider', () => {
  it('RS256 and ES256: the subject from the configured claim, our roles from the configured claim path, other names ignored', async () => {
    const { idp, rsaKid, ecKid, verifier, claims } = setUp();
    const expected = { subject: 'alice', roles: ['agent'] };
    expect(await verifier.verify(idp.sign(claims(), { kid: rsaKid }))).toEqual(expected);
    expect(await verifier.verify(idp.sign(claims(), { kid: ecKid }))).toEqual(expected);
  });

  it('finds the keys through the discovery document once, then serves them from the cache', async () => {
    const { idp, verifier, claims } = setUp();
    for (let i = 0; i < 3; i++) await verifier.verify(idp.sign(claims()));
    expect(idp.requests).toEqual(['/realms/itsm/.well-known/openid-configuration', '/realms/itsm/protocol/openid-connect/certs']);
  });

  it('with OIDC_JWKS_URL, asks no discovery document', async () => {
    const { idp, verifier, claims } = setUp((provider) => ({ jwksUrl: provider.jwksUrl }));
    await verifier.verify(idp.sign(claims()));
    expect(idp.requests).toEqual(['/realms/itsm/protocol/openid-connect/certs']);
  });

  it.each<[string, AuthErrorCode, object]>([
    ['another audience', 'auth.audience_invalid', { aud: 'another-app' }],
    ['no audience', 'auth.audience_invalid', { aud: undefined }],
    ['expired', 'auth.token_expired', { iat: Math.floor(START / 1000) - 600, exp: Math.floor(START / 1000) - 300 }],
    ['no exp', 'auth.expiry_missing', { exp: undefined }],
    ['a lifetime of 100 years', 'auth.lifetime_too_long', { exp: Math.floor(START / 1000) + 100 * 365 * 24 * HOUR }],
    ['iat in the future', 'auth.issued_in_future', { iat: Math.floor(START / 1000) + 600, exp: Math.floor(START / 1000) + 900 }],
    ['a subject with a control character', 'auth.subject_invalid', { preferred_username: 'alice\u0007' }],
    ['no subject claim', 'auth.subject_invalid', { preferred_username: undefined }],
    ['another issuer', 'auth.issuer_unknown', { iss: 'https://evil.example.test/realms/itsm' }],
  ])('%s: %s', async (_, expected, extra) => {
    const { idp, claims, outcome } = setUp();
    expect(await outcome(idp.sign(claims(extra)))).toBe(expected);
  });

  it('an audience list that names ours is accepted', async () => {
    const { idp, claims, outcome } = setUp();
    expect(await outcome(idp.sign(claims({ aud: ['account', 'itsm-api'] })))).toBe('accepted');
  });

  describe('algorithms', () => {
    it('HS256 signed with the provider\'s RSA public key as HMAC secret (algorithm confusion): auth.algorithm_refused', async () => {
      const { idp, rsaKid, claims, outcome } = setUp();
      const forged = TestIdentityProvider.forge({ alg: 'HS256', kid: rsaKid }, claims(), idp.publicKeyPem(rsaKid));
      expect(await outcome(forged)).toBe('auth.algorithm_refused');
    });

    it('the same trick claiming our own issuer: auth.signature_invalid (our secret is not the public key)', async () => {
      const { idp, rsaKid, claims, outcome } = setUp();
      const forged = TestIdentityProvider.forge({ alg: 'HS256', kid: rsaKid }, claims({ iss: OWN.issuer, roles: ['admin'] }), idp.publicKeyPem(rsaKid));
      expect(await outcome(forged)).toBe('auth.signature_invalid');
    });

    it('alg none: auth.algorithm_refused', async () => {
      const { claims, outcome } = setUp();
      expect(await outcome(TestIdentityProvider.forge({ alg: 'none' }, claims()))).toBe('auth.algorithm_refused');
    });

    it('ES256 naming an RSA key: auth.key_unknown (no published key verifies that algorithm)', async () => {
      const { idp, rsaKid, ecKid, claims, outcome } = setUp();
      const token = idp.sign(claims(), { kid: ecKid });
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const renamed = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(header, 'base64url').toString()), kid: rsaKid })).toString('base64url');
      expect(await outcome(`${renamed}.${payload}.${signature}`)).toBe('auth.key_unknown');
    });

    it('signed by another key under a published kid: auth.signature_invalid', async () => {
      const { rsaKid, claims, outcome } = setUp();
      const impostor = TestIdentityProvider.inMemory();
      impostor.addKey('RS256', rsaKid, { fresh: true });
      expect(await outcome(impostor.sign(claims()))).toBe('auth.signature_invalid');
    });

    it('without kid, accepted only while one published key fits the algorithm', async () => {
      const { idp, claims, outcome, advance } = setUp();
      expect(await outcome(idp.sign(claims(), { withoutKid: true }))).toBe('accepted'); // the only RSA key
      idp.addKey('RS256');
      advance(301); // past max-age: the keys are fetched again
      await outcome(idp.sign(claims(), { withoutKid: true }));
      await backgroundFetch();
      expect(await outcome(idp.sign(claims(), { withoutKid: true }))).toBe('auth.key_unknown');
    });
  });

  describe('roles', () => {
    it('with OIDC_ROLE_MAP, only mapped names count: a realm-wide "admin" grants nothing', async () => {
      const roleMap = new Map<string, readonly Role[]>([['itsm-agents', ['agent']], ['itsm-cab', ['cab-member', 'change-manager']]]);
      const { idp, verifier, claims } = setUp({ roleMap });
      const token = idp.sign(claims({ realm_access: { roles: ['admin', 'itsm-cab', 'itsm-agents'] } }));
      expect((await verifier.verify(token)).roles).toEqual(['cab-member', 'change-manager', 'agent']);
    });

    it('a namespaced claim with dots in its name, and a space-separated string claim', async () => {
      const { idp, verifier, claims } = setUp({ rolesClaim: 'https://itsm.example.test/roles' });
      const token = idp.sign(claims({ 'https://itsm.example.test/roles': 'agent auditor' }));
      expect((await verifier.verify(token)).roles).toEqual(['agent', 'auditor']);
    });

    it('no roles claim: a valid caller with no role (the guard refuses them everywhere with 403)', async () => {
      const { idp, verifier, claims } = setUp();
      expect(await verifier.verify(idp.sign(claims({ realm_access: undefined })))).toEqual({ subject: 'alice', roles: [] });
    });
  });

  describe('keys: cached, rotated, and an unavailable provider', () => {
    it(`an unknown kid asks the provider again, at most once per ${JWKS_TIMING.minRefetchSeconds} s: a rotation is picked up, made-up kids do not reach it`, async () => {
      const { idp, verifier, claims, outcome, advance } = setUp();
      await verifier.verify(idp.sign(claims()));
      advance(10);
      const rotated = idp.addKey('RS256');
      expect(await outcome(idp.sign(claims(), { kid: rotated }))).toBe('auth.key_unknown');
      expect(jwksRequests(idp)).toBe(1);
      advance(JWKS_TIMING.minRefetchSeconds);
      expect(await outcome(idp.sign(claims(), { kid: rotated }))).toBe('accepted');
      expect(jwksRequests(idp)).toBe(2);
      for (const kid of ['made-up-1', 'made-up-2', 'made-up-3']) expect(await outcome(idp.sign(claims(), { kid: idp.addKey('RS256', kid) }))).toBe('auth.key_unknown');
      expect(jwksRequests(idp)).toBe(2);
    });

    it('honours Cache-Control max-age: keys are fetched again once it has passed, and a key no longer published stops working', async () => {
      const { idp, rsaKid, verifier, claims, outcome, advance } = setUp();
      idp.maxAgeSeconds = 60;
      await verifier.verify(idp.sign(claims()));
      advance(59);
      await verifier.verify(idp.sign(claims()));
      expect(jwksRequests(idp)).toBe(1);
      idp.removeKey(rsaKid);
      advance(2);
      expect(await outcome(idp.sign(claims(), { kid: rsaKid }))).toBe('accepted'); // served while the refresh runs
      await backgroundFetch();
      expect(jwksRequests(idp)).toBe(2);
      expect(await outcome(idp.sign(claims(), { kid: rsaKid }))).toBe('auth.key_unknown');
    });

    it(`without Cache-Control, keeps keys ${JWKS_TIMING.defaultMaxAgeSeconds} s`, async () => {
      const { idp, verifier, claims, advance } = setUp();
      idp.maxAgeSeconds = undefined;
      await verifier.verify(idp.sign(claims()));
      advance(JWKS_TIMING.defaultMaxAgeSeconds - 1);
      await verifier.verify(idp.sign(claims()));
      expect(jwksRequests(idp)).toBe(1);
      advance(2);
      await verifier.verify(idp.sign(claims()));
      expect(jwksRequests(idp)).toBe(2);
    });

    it(`provider down before any key is known: auth.identity_provider_unavailable (503), and no second attempt for ${JWKS_TIMING.retryAfterFailureSeconds} s`, async () => {
      const { idp, claims, outcome, advance, verifier, failures } = setUp();
      idp.takeDown();
      const error = await verifier.verify(idp.sign(claims())).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'auth.identity_provider_unavailable', status: 503, retryAfterSeconds: JWKS_TIMING.retryAfterFailureSeconds });
      expect(failures).toEqual([expect.stringContaining('answered 503')]);
      expect(await outcome(idp.sign(claims()))).toBe('auth.identity_provider_unavailable');
      expect(idp.requests).toHaveLength(1);
      idp.bringUp();
      advance(JWKS_TIMING.retryAfterFailureSeconds);
      expect(await outcome(idp.sign(claims()))).toBe('accepted');
    });

    it('provider down after keys are known: they keep serving past their max-age; a new kid is unavailable (503), not unknown', async () => {
      const { idp, verifier, claims, outcome, advance } = setUp();
      await verifier.verify(idp.sign(claims()));
      idp.takeDown();
      advance(3600);
      expect(await outcome(idp.sign(claims()))).toBe('accepted');
      advance(JWKS_TIMING.minRefetchSeconds);
      expect(await outcome(idp.sign(claims(), { kid: idp.addKey('RS256') }))).toBe('auth.identity_provider_unavailable');
    });

    it('a discovery document that names another issuer is not trusted: unavailable, and the reason logged', async () => {
      const { idp, claims, outcome, failures } = setUp((provider) => ({ issuer: `${provider.issuer}/` }));
      expect(await outcome(idp.sign(claims({ iss: `${idp.issuer}/` })))).toBe('auth.identity_provider_unavailable');
      expect(failures).toEqual([expect.stringContaining('describes another issuer')]);
    });
  });
});
