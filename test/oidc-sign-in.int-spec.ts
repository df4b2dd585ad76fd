import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventStore } from '@itsm/event-store';
import { openEventStore } from '@itsm/platform';
import { CommandApiModule } from '../apps/command-api/src/command-api.module';
import { FIXED_NOW, InProcessApp, SECRET, type InjectAnswer } from './support/in-process-app';
import { TestIdentityProvider } from './support/jwks-server';

const incident = { title: 'VPN drops', description: 'Every 10 minutes', caller: 'bob', category: 'network', impact: 2, urgency: 2, assignmentGroup: 'network' };

/** Token times are real time; the domain's clock is fixed, as in every HTTP spec. */
const nowSeconds = () => Math.floor(Date.now() / 1000);

const PROBLEM = expect.stringMatching(/^application\/problem\+json/);

function expectRefusal(answer: InjectAnswer, code: string): void {
  expect({ status: answer.status, contentType: answer.headers['content-type'], code: answer.body?.code }).toEqual({ status: 401, contentType: PROBLEM, code });
  expect(answer.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token", error_description="[\x20-\x21\x23-\x5b\x5d-\x7e]+"$/);
}

describe('signing in through an OpenID Connect provider, beside our own tokens (command API over HTTP)', () => {
  let idp: TestIdentityProvider;
  let api: InProcessApp;
  let events: EventStore;
  let rsaKid: string;
  let ecKid: string;

  beforeAll(async () => {
    idp = await TestIdentityProvider.serve();
    rsaKid = idp.addKey('RS256');
    ecKid = idp.addKey('ES256');
    api = await InProcessApp.start((config) => CommandApiModule.register(config, () => FIXED_NOW), {
      OIDC_ISSUER: idp.issuer,
      OIDC_AUDIENCE: 'itsm-api',
      OIDC_ROLES_CLAIM: 'realm_access.roles',
      OIDC_SUBJECT_CLAIM: 'preferred_username',
    });
    events = await openEventStore(api.config);
  });
  afterAll(async () => {
    await events.close();
    await api.stop();
    await idp.stop();
  });

  /** What Keycloak puts in an access token, more or less. */
  const providerToken = (claims: object = {}, kid?: string) =>
    idp.sign(
      { iss: idp.issuer, aud: 'itsm-api', sub: '8d1c2f0e-5b7a-4c1e-9a8e-3f2b1c0d9e7f', preferred_username: 'oskar', realm_access: { roles: ['agent', 'offline_access'] }, iat: nowSeconds(), exp: nowSeconds() + 300, ...claims },
      kid === undefined ? {} : { kid },
    );
  const open = (token: string, headers: Record<string, string> = {}) => api.request('POST', '/incidents', { token, body: incident, headers });

  it('an RS256 token of the provider opens an incident; the actor recorded is its preferred_username, the role came from realm_access.roles', async () => {
    const answer = await open(providerToken());
    expect(answer.status).toBe(201);
    const [opened] = await events.readStream(`incident-${answer.body.id}`);
    expect(opened?.metadata.actor).toBe('oskar');
  });

  it('an ES256 token of the provider works too, and our own HS256 tokens keep working beside it', async () => {
    expect((await open(providerToken({}, ecKid))).status).toBe(201);
    expect((await open(api.token('alice', 'agent'))).status).toBe(201);
  });

  it('a provider user given none of our roles: 403 auth.forbidden', async () => {
    const answer = await open(providerToken({ realm_access: { roles: ['offline_access', 'uma_authorization'] } }));
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('auth.forbidden');
  });

  it('a token of the provider for another application: 401 auth.audience_invalid, with its RFC 6750 challenge', async () => {
    expectRefusal(await open(providerToken({ aud: 'another-app' })), 'auth.audience_invalid');
  });

  it('the provider\'s public key used as an HMAC secret: 401 auth.algorithm_refused', async () => {
    const claims = { iss: idp.issuer, aud: 'itsm-api', preferred_username: 'mallory', realm_access: { roles: ['admin'] }, iat: nowSeconds(), exp: nowSeconds() + 60 };
    const forged = TestIdentityProvider.forge({ alg: 'HS256', kid: rsaKid }, claims, idp.publicKeyPem(rsaKid));
    expectRefusal(await open(forged), 'auth.algorithm_refused');
  });

  describe('our own tokens, refused with a code and a challenge, never a 500', () => {
    const ours = (claims: object) => TestIdentityProvider.forge({ alg: 'HS256', typ: 'JWT' }, { iss: 'itsm-ledger', sub: 'alice', roles: ['agent'], iat: nowSeconds(), exp: nowSeconds() + 3600, ...claims }, SECRET);

    it.each<[string, string, object]>([
      ['no exp', 'auth.expiry_missing', { exp: undefined }],
      ['a lifetime of 100 years', 'auth.lifetime_too_long', { exp: nowSeconds() + 100 * 365 * 86_400 }],
      ['iat an hour in the future', 'auth.issued_in_future', { iat: nowSeconds() + 3600, exp: nowSeconds() + 7200 }],
      ['a 10 KB subject', 'auth.subject_invalid', { sub: 'a'.repeat(10 * 1024) }],
      ['a subject with a control character', 'auth.subject_invalid', { sub: 'alice\u0008\u0008\u0008\u0008\u0008admin' }],
      ['a role we do not know', 'auth.roles_invalid', { roles: ['agent', 'root'] }],
    ])('%s: %s', async (_, code, claims) => {
      expectRefusal(await open(ours(claims)), code);
    });

    it.each([
      ['lowercase bearer', (token: string) => `bearer ${token}`],
      ['two spaces', (token: string) => `Bearer  ${token}`],
      ['junk after the token', (token: string) => `Bearer ${token} junk`],
    ])('%s: auth.header_malformed', async (_, header) => {
      const answer = await api.request('POST', '/incidents', { body: incident, headers: { authorization: header(api.token('alice', 'agent')) } });
      expectRefusal(answer, 'auth.header_malformed');
    });

    it('no Authorization header at all: 401 auth.token_missing with the bare challenge (RFC 6750 §3.1)', async () => {
      const answer = await api.request('POST', '/incidents', { body: incident });
      expect({ status: answer.status, code: answer.body.code, challenge: answer.headers['www-authenticate'] }).toEqual({ status: 401, code: 'auth.token_missing', challenge: 'Bearer' });
    });
  });

  it('two Authorization headers on a real socket (Node keeps only the first in headers): 401 auth.header_malformed', async () => {
    await api.app.listen(0, '127.0.0.1');
    const { port } = api.app.getHttpServer().address() as AddressInfo;
    const token = api.token('alice', 'agent');
    const answer = await new Promise<{ status: number; body: string; challenge: string | undefined }>((resolve, reject) => {
      const body = JSON.stringify(incident);
      // raw headers are sent as listed, and nothing is added to them
      const headers = ['host', `127.0.0.1:${port}`, 'content-type', 'application/json', 'content-length', String(Buffer.byteLength(body)), 'authorization', `Bearer ${token}`, 'authorization', `Bearer ${token}`];
      const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/incidents', headers }, (response) => {
        let answered = '';
        response.on('data', (chunk: Buffer) => (answered += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: answered, challenge: response.headers['www-authenticate'] }));
      });
      request.on('error', reject);
      request.end(body);
    });
    expect({ status: answer.status, code: JSON.parse(answer.body).code }).toEqual({ status: 401, code: 'auth.header_malformed' });
    expect(answer.challenge).toMatch(/^Bearer error="invalid_token"/);
  });

  it('a provider that cannot be reached before any key is known: 503 auth.identity_provider_unavailable with Retry-After, not 401 and not 500', async () => {
    const gone = await TestIdentityProvider.serve();
    gone.addKey('RS256');
    await gone.stop();
    const cut = await InProcessApp.start((config) => CommandApiModule.register(config, () => FIXED_NOW), { OIDC_ISSUER: gone.issuer, OIDC_AUDIENCE: 'itsm-api' });
    try {
      const token = gone.sign({ iss: gone.issuer, aud: 'itsm-api', sub: 'oskar', roles: ['agent'], iat: nowSeconds(), exp: nowSeconds() + 300 });
      const answer = await cut.request('POST', '/incidents', { token, body: incident });
      expect({ status: answer.status, contentType: answer.headers['content-type'], code: answer.body.code }).toEqual({ status: 503, contentType: PROBLEM, code: 'auth.identity_provider_unavailable' });
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((await cut.request('POST', '/incidents', { token: cut.token('alice', 'agent'), body: incident })).status).toBe(201); // our own tokens do not need it
    } finally {
      await cut.stop();
    }
  });
});
